import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SpawnOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Opens an IPC channel: `child.send()` reaches the entry's `process.on('message')`. */
  ipc?: boolean;
  /** Node's own flags, after tsx's: `--import` of another TypeScript module, `--cpu-prof`. */
  nodeArgs?: string[];
}

/**
 * The processes a benchmark starts from TypeScript entries (node with tsx, workspace packages resolved
 * to their sources), each with a core of its own to compete for, remembered so that none outlives a run.
 */
export class ChildProcesses {
  private readonly running = new Set<ChildProcess>();

  /** Starts `entry` with `args`; stdout is piped (results are JSON lines on it), stderr inherited. */
  spawnTs(entry: string, args: string[] = [], options: SpawnOptions = {}): ChildProcess {
    const node = ['--conditions=@platform/source', '--import', 'tsx', ...(options.nodeArgs ?? [])];
    const child = spawn(process.execPath, [...node, entry, ...args], {
      stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
      env: { ...process.env, ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));
    return child;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map(stopChild));
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The first JSON line a child prints on stdout; rejects if it exits first. */
export function firstLine<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${what} exited with ${code} before reporting`));
    child.once('exit', onExit);
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      child.off('exit', onExit);
      lines.close();
      resolve(JSON.parse(line) as T);
    });
  });
}

/**
 * A child that prints `{"ready":true}` once it is connected and then its result, as JSON lines:
 * `ready` resolves with the first, `done` with the second.
 */
export function readyThenResult<T>(child: ChildProcess, what: string): { ready: Promise<void>; done: Promise<T> } {
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const done = new Promise<T>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before reporting`)));
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean } & T;
      if (message.ready) onReady();
      else resolve(message);
    });
  });
  return { ready, done };
}
