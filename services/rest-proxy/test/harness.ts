import { type ChildProcess, spawn } from 'node:child_process';
import { createRedis, type RedisConnection } from '@platform/cache';
import { createSimulator, type RateLimitOptions, type Simulator } from '@platform/discord-sim';
import { createLogger, createMetricsRegistry } from '@platform/service-kit';
import { createTestRedisPrefix, freePort, testEndpoints } from '@platform/testkit';
import type { Registry } from 'prom-client';
import { createRestProxy, type RestProxy, type RestProxySettings } from '../src/app.js';

export const silentLogger = createLogger({ service: 'rest-proxy-test', level: 'silent' });

export async function startSim(limits: RateLimitOptions): Promise<Simulator> {
  return createSimulator({ scenario: 'multi-bot', limits, traffic: { autostart: false } });
}

export function defaultSettings(sim: Simulator): RestProxySettings {
  return {
    DISCORD_UPSTREAM_URL: sim.apiUrl,
    BOT_TOKENS: sim.bots.map((bot) => bot.token),
    GLOBAL_LIMIT: 50,
    BOT_GLOBAL_LIMITS: {},
    REPLICAS: 1,
    QUEUE_LIMIT: 1000,
    QUEUE_MAX_WAIT: 30_000,
    UPSTREAM_TIMEOUT: 10_000,
    UPSTREAM_RETRIES: 2,
    RETRY_BACKOFF: 50,
    RATE_LIMIT_RETRIES: 3,
    REPLAY_BODY_MAX: 1024 * 1024,
    INVALID_REQUEST_BUDGET: 8000,
    GLOBAL_WINDOW: 1100,
    RESET_MARGIN: 150,
    REDIS_RECOVERY_GRACE: 10_000,
    LOCK_ON_401: true,
  };
}

export interface RunningProxy extends RestProxy {
  url: string;
  redis: RedisConnection;
  registry: Registry;
  stop(): Promise<void>;
}

export async function startProxy(
  settings: RestProxySettings,
  { redisUrl = testEndpoints.redisUrl, prefix, drainMs = 200 }: { redisUrl?: string; prefix: string; drainMs?: number },
): Promise<RunningProxy> {
  const redis = createRedis({ url: redisUrl, prefix, logger: silentLogger });
  await Promise.race([redis.connect(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  const registry = createMetricsRegistry('rest-proxy');
  const proxy = createRestProxy({ settings, redis, registry, logger: silentLogger, drainMs });
  const address = await proxy.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ...proxy,
    url: address,
    redis,
    registry,
    async stop() {
      await proxy.close();
      await redis.quit();
    },
  };
}

/** A Redis prefix of its own, cleared afterwards. */
export function testPrefix(label: string) {
  return createTestRedisPrefix(label);
}

export function auth(token: string): Record<string, string> {
  return { authorization: `Bot ${token}` };
}

/** Requests with status 429 the simulator answered (to anyone). */
export function simulator429s(sim: Simulator, since = 0): number {
  return sim.world.truth.requests().filter((r) => r.status === 429 && r.at >= since).length;
}

/** A text channel of the scenario's guild. */
export function textChannels(sim: Simulator): string[] {
  const guild = sim.world.guildIds()[0] ?? '';
  return sim.world
    .channels(guild)
    .filter((channel) => channel.type === 0)
    .map((channel) => channel.id);
}

/** A redis-server of its own on a free port, to stop and start under load. */
export class DisposableRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  static async create(): Promise<DisposableRedis> {
    const redis = new DisposableRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric as { values?: { value: number; labels: Record<string, string | number> }[] })?.values ?? [];
  const match = values.find((v) => Object.entries(labels).every(([k, value]) => String(v.labels[k]) === value));
  return match?.value;
}
