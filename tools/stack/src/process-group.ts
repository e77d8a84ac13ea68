import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Children started together, whose output is prefixed with their name and who are stopped together. */
export class ProcessGroup {
  readonly #children = new Map<string, ChildProcess>();
  #stopping = false;

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  /** Starts `command` and calls `onExit` if it ends while the group is not stopping. */
  start(
    name: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; onExit?: (code: number | null) => void },
  ): ChildProcess {
    // A process group of its own: npm runs the service through a shell, and a signal must reach all three.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.write(`${name.padEnd(20)} | ${line}`));
    }
    this.#children.set(name, child);
    child.on('exit', (code) => {
      this.#children.delete(name);
      if (!this.#stopping) options.onExit?.(code);
    });
    return child;
  }

  /**
   * Sends SIGTERM to every child's process group, in reverse start order, and SIGKILL to those still
   * running after `graceMs`: longer than a service's own SHUTDOWN_TIMEOUT (20 s by default), so a slow
   * drain ends by the service's own deadline, which logs the stage that hung.
   */
  async stop(graceMs = 25_000): Promise<void> {
    this.#stopping = true;
    const children = [...this.#children.values()].reverse();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            signalGroup(child, 'SIGTERM');
          }),
      ),
    );
  }

  get size(): number {
    return this.#children.size;
  }
}

/** Signals the child's whole process group; the child alone when it has none (it already exited). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
