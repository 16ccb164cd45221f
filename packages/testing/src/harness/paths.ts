import { fileURLToPath } from 'node:url';

// The harness spawns the apps' own test entry points (production entry plus the test job
// types), which stay beside the apps they start; child processes run from the repository root.
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const WORKER_ENTRY = `${REPO_ROOT}apps/worker/test/entries/worker.ts`;
export const API_ENTRY = `${REPO_ROOT}apps/api/test/entries/server.ts`;
