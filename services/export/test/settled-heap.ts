import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Exposes V8's collector without a command-line flag, so the heap can be measured settled.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap in use once garbage has been collected. */
export function settledHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
