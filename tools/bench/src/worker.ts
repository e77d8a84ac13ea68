import { Worker } from 'node:worker_threads';

/**
 * Runs a TypeScript module in a worker thread, so that a benchmark's load generator has an
 * event loop (and a core) of its own instead of competing with the side it measures.
 * `data` reaches the module as `workerData`, next to `module`.
 */
export function startWorker(module: URL, data: object): Worker {
  return new Worker(new URL('./typescript-worker.mjs', import.meta.url), {
    workerData: { ...data, module: module.href },
    execArgv: ['--conditions=@platform/source'],
  });
}

/** Resolves with the worker's first message; rejects if it fails or exits before sending one. */
export function firstMessage<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before reporting`)));
  });
}
