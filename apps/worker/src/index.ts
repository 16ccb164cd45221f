export { createLogger } from './logger.ts';
export { type ReconcileReport, reconcileOnce } from './reconciler.ts';
export { startWorkerRuntime, type WorkerRuntime } from './runtime.ts';
