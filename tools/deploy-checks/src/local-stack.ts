import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The stack `npm start` runs (tools/stack), started as a child so a check can scrape and drive it. */
export interface LocalStack {
  /** Everything the stack and its services printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** The stack stopped, or did not come up in time. */
export class LocalStackError extends Error {
  constructor(reason: string, output: string) {
    super(`The local stack ${reason}\n${output.slice(-4000)}`);
    this.name = 'LocalStackError';
  }
}

const READY_LINE = '[stack] stack is up';

/**
 * Runs tools/stack's launcher, as `npm start` does once the infrastructure is up and the tree is built,
 * with `env` on top of this process's environment (the namespace, database and key prefix of a check),
 * and resolves once it reports every service started.
 */
export async function startLocalStack(
  root: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<LocalStack> {
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@platform/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: join(root, 'tools/stack'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stack: LocalStack = {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new LocalStackError(`was not up within ${timeoutMs / 1000} s`, output));
    }, timeoutMs);
    const keep = (chunk: Buffer) => {
      output = `${output}${chunk.toString('utf8')}`.slice(-200_000);
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new LocalStackError(`exited with code ${code} before it was up`, output));
    });
  }).catch(async (error) => {
    await stack.stop();
    throw error;
  });
  return stack;
}
