export { SEED_SIZES, type SeedOptions, type SeedSummary, seedReferenceData } from './seed.ts';
