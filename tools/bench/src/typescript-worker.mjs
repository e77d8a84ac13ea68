// Entry of a worker thread that runs a TypeScript module: tsx's hooks registered in the main
// thread do not reach workers on Node 20, so each worker registers them before the import.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
