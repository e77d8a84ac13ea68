import { countDispatches, type DispatchCountOptions } from './dispatch-counter.js';
import { type RestLoadOptions, runRestLoad } from './rest-load.js';

/** A job for {@link runLoadProcess}, passed as the process's one JSON argument. */
export type LoadJob =
  | ({ kind: 'dispatches' } & Omit<DispatchCountOptions, 'onReady'>)
  | ({ kind: 'rest' } & RestLoadOptions);

/**
 * The body of a load process: runs the job given as JSON in `argv`, printing JSON lines on stdout:
 * `{ "ready": true }` once a gateway session is up, then the result. The benchmark spawns it so that the
 * load (or the counting) has a process, and a core, of its own.
 */
export async function runLoadProcess(argv: readonly string[]): Promise<void> {
  const job = JSON.parse(argv[0] ?? '{}') as LoadJob;
  const print = (line: unknown) =>
    new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(line)}\n`, () => resolve()));
  if (job.kind === 'dispatches') {
    const { kind: _, ...options } = job;
    await print(await countDispatches({ ...options, onReady: () => void print({ ready: true }) }));
  } else if (job.kind === 'rest') {
    const { kind: _, ...options } = job;
    await print(await runRestLoad(options));
  } else throw new Error(`unknown load job ${JSON.stringify(job)}; kind must be "dispatches" or "rest"`);
}
