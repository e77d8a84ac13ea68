import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** A nats-server of a test's own, so the test can stop and restart it without disturbing others. */
export interface DisposableNatsServer {
  url: string;
  port: number;
  /** Stops the server; SIGKILL when `hard`, otherwise a clean shutdown. */
  stop(options?: { hard?: boolean }): Promise<void>;
  /** Starts it again on the same port with the same JetStream store. */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  dispose(): Promise<void>;
}

/** Finds nats-server: `NATS_SERVER_BIN`, then Debian's path, then PATH. */
export function natsServerBinary(): string {
  const candidates = [
    process.env.NATS_SERVER_BIN,
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
    '/usr/local/bin/nats-server',
  ];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  return found ?? 'nats-server';
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nats-server did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 25);
      });
    };
    attempt();
  });
}

export async function startNatsServer(): Promise<DisposableNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'nats-test-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    const proc = spawn(natsServerBinary(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
    child = proc;
    await Promise.race([
      waitForPort(port, 10_000),
      new Promise<never>((_, reject) =>
        proc.once('error', (error) =>
          reject(new Error(`cannot start nats-server (${natsServerBinary()}): ${error.message}`)),
        ),
      ),
    ]);
  };

  const stop = async ({ hard = false } = {}) => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
    child = undefined;
  };

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async dispose() {
      await stop({ hard: true });
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
