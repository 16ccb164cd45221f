export { renderEnvExample, SETTINGS_OF, type Setting, settingOf } from './env-example.ts';
export { ConfigError, parseEnv } from './parse.ts';
export {
  type ApiConfig,
  apiEnvSchema,
  loadApiConfig,
  loadStandInsConfig,
  loadWorkerConfig,
  type StandInsConfig,
  standInsEnvSchema,
  type WorkerConfig,
  workerEnvSchema,
} from './schemas.ts';
export { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, type JobOverride } from './shared.ts';
