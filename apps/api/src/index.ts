export { app, buildApp } from './app.ts';
export { type ApiDeps, createApiDeps } from './deps.ts';
