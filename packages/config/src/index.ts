export { ConfigError, parseEnv } from './parse.ts';
export {
  apiEnvSchema,
  loadApiConfig,
  loadStandInsConfig,
  loadWorkerConfig,
  standInsEnvSchema,
  workerEnvSchema,
  type ApiConfig,
  type StandInsConfig,
  type WorkerConfig,
} from './schemas.ts';
export { DEFAULT_DATABASE_URL, type JobOverride } from './shared.ts';
