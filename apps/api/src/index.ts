export { app, type BuildOptions, buildApp } from './app.ts';
export { type ApiDeps, createApiDeps } from './deps.ts';
