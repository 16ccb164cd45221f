/**
 * Settles as `work` does, or rejects with the signal's reason as soon as `signal` aborts,
 * whichever comes first. The abort listener goes when `work` settles: the worker races every
 * write against a signal that lives as long as the process, and a listener left behind per
 * write kept its promise alive (about 2 KB a job) and made each later `addEventListener` walk a
 * longer list (Node's EventTarget checks for duplicates), so the worker grew and slowed with
 * every job. `AbortSignal.any` is no substitute: on Node 20 it keeps its sources' listeners too.
 * `work` is never left unhandled, whichever wins.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
