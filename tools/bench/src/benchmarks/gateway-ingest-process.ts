import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '@platform/discord-sim';
import { createTestRedisPrefix, freePort, type TestRedisPrefix } from '@platform/testkit';
import { type ChildProcesses, stopChild } from '../child-process.js';
import type { RecorderCommand, RecorderMessage, RecorderReport } from './gateway-ingest-recorder.js';

const require = createRequire(import.meta.url);
const SERVICE_DIR = dirname(require.resolve('@platform/gateway-ingest/package.json'));
const SERVICE_MAIN = join(SERVICE_DIR, 'src', 'main.ts');
const RECORDER = new URL('./gateway-ingest-recorder.ts', import.meta.url).href;

/** What /readyz says: `down` (503: NATS away), `backlog` (ready, degraded: draining), `ready`. */
export type Readiness = 'down' | 'backlog' | 'ready';

function nextMessage<T extends RecorderMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs?: number,
): Promise<Extract<RecorderMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: RecorderMessage) => {
      if (message.type === type) finish(() => resolve(message as Extract<RecorderMessage, { type: T }>));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`gateway-ingest exited with ${code} before "${type}"`)));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => finish(() => reject(new Error(`no "${type}" from gateway-ingest`))), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * gateway-ingest as it is deployed, its own src/main.ts in a process of its own, with one shard and the
 * service's defaults otherwise (buffer, publish window, timeouts); the recorder preloaded into it reports
 * what its metrics saw, and its HTTP endpoints are read as an operator would read them.
 */
export class GatewayIngestProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly origin: string,
    private readonly cache: TestRedisPrefix,
  ) {}

  static async start(
    children: ChildProcesses,
    sim: Simulator,
    bus: { natsUrl: string; namespace: string },
    cpuProfileDir?: string,
  ): Promise<GatewayIngestProcess> {
    const port = await freePort();
    // The guild cache stays on, as deployed, under a prefix of its own rather than the shared `discord:`.
    const cache = createTestRedisPrefix('bench-gwi');
    const child = children.spawnTs(SERVICE_MAIN, [], {
      cwd: SERVICE_DIR,
      ipc: true,
      nodeArgs: ['--import', RECORDER, ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [])],
      env: {
        DISCORD_TOKEN: sim.token,
        DISCORD_UPSTREAM_URL: sim.apiUrl,
        NATS_URL: bus.natsUrl,
        BUS_NAMESPACE: bus.namespace,
        SHARD_COUNT: '1',
        REPLICA_ID: 'bench',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'error',
        REDIS_PREFIX: cache.prefix,
      },
    });
    // Its log lines (errors only) go with the benchmark's own.
    child.stdout?.pipe(process.stderr);
    const service = new GatewayIngestProcess(child, `http://127.0.0.1:${port}`, cache);
    const deadline = Date.now() + 60_000;
    while ((await service.readiness()) !== 'ready' || !sim.gateway.sessions().some((s) => s.connected)) {
      if (child.exitCode !== null) throw new Error(`gateway-ingest exited with ${child.exitCode} while starting`);
      if (Date.now() > deadline) throw new Error('gateway-ingest was not ready with its shard connected within 60 s');
      await sleep(50);
    }
    return service;
  }

  async readiness(): Promise<Readiness | undefined> {
    try {
      const response = await fetch(`${this.origin}/readyz`);
      if (response.status === 503) return 'down';
      return ((await response.json()) as { degraded?: boolean }).degraded ? 'backlog' : 'ready';
    } catch {
      return undefined; // not listening yet
    }
  }

  /** `gateway_ingest_buffer_dropped_total` from /metrics. */
  async dropped(): Promise<number> {
    const text = await (await fetch(`${this.origin}/metrics`)).text();
    const line = /^gateway_ingest_buffer_dropped_total(?:\{[^}]*\})? (\S+)$/m.exec(text);
    if (!line) throw new Error('/metrics has no gateway_ingest_buffer_dropped_total');
    return Number(line[1]);
  }

  async measure(capacity: number): Promise<void> {
    const measuring = nextMessage(this.child, 'measuring', 10_000);
    this.send({ type: 'measure', capacity });
    await measuring;
  }

  /** Resolves once `expected` events are acknowledged and the buffer is empty, or none came for `stallMs`. */
  async report(expected: number, stallMs: number): Promise<RecorderReport> {
    const report = nextMessage(this.child, 'report');
    this.send({ type: 'report', expected, stallMs });
    const { type: _, ...rest } = await report;
    return rest;
  }

  async stop(): Promise<void> {
    await stopChild(this.child);
    await this.cache.clear();
  }

  private send(command: RecorderCommand): void {
    this.child.send(command);
  }
}
