export { createLogger } from './logger.ts';
export { reconcileOnce, type ReconcileReport } from './reconciler.ts';
export { startWorkerRuntime, type WorkerRuntime } from './runtime.ts';
