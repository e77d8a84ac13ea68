import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createSimulator, type LoadJob, type RestLoadResult, type Simulator } from '@platform/discord-sim';
import { createTestRedisPrefix, freePort } from '@platform/testkit';
import type { Benchmark } from '../benchmark.js';
import { ChildProcesses, firstLine, stopChild } from '../child-process.js';
import { numberOption } from '../options.js';
import { noteCompetingLoad, printTable, writeResult } from '../report.js';
import type { RateLoadJob, RateLoadResult } from './rest-proxy-load.js';

/** Issue #4's targets: our added latency below 1 ms at p50; under 3× the limits no 429 to callers and no bot above its global limit in any second. */
export const REST_PROXY_TARGET = { addedP50BelowMs: 1, rateLimitedToCallers: 0 };

export interface RestProxyBenchOptions {
  /** Fixed request rate of the added-latency runs (limits off). */
  latencyRate: number;
  latencyWarmupMs: number;
  latencyDurationMs: number;
  /** Closed-loop runs (limits off): requests in flight, on as many keep-alive connections. */
  connections: number;
  throughputWarmupMs: number;
  throughputDurationMs: number;
  /** The simulator's global limit per bot in the overload runs (requests per second). */
  globalLimit: number;
  /** Offered load in the overload runs, as a multiple of `globalLimit`. */
  overload: number;
  overloadDurationMs: number;
  /** Instances of each proxy in the overload runs (ours share one Redis; @discordjs/proxy's share nothing). */
  replicas: number;
}

export const DEFAULT_REST_PROXY_BENCH_OPTIONS: RestProxyBenchOptions = {
  latencyRate: 500,
  latencyWarmupMs: 1_000,
  latencyDurationMs: 5_000,
  connections: 64,
  throughputWarmupMs: 1_000,
  throughputDurationMs: 5_000,
  globalLimit: 25,
  overload: 3,
  overloadDurationMs: 4_000,
  replicas: 3,
};

/** `--quick`: a smoke run that checks the benchmark works, too short to measure much. */
export const QUICK_REST_PROXY_BENCH_OPTIONS: RestProxyBenchOptions = {
  latencyRate: 200,
  latencyWarmupMs: 300,
  latencyDurationMs: 700,
  connections: 16,
  throughputWarmupMs: 200,
  throughputDurationMs: 600,
  globalLimit: 20,
  overload: 3,
  overloadDurationMs: 1_000,
  replicas: 3,
};

export type Subject = 'direct' | 'ours' | 'discordjs-container' | 'discordjs-queueing';
export const SUBJECTS: readonly Subject[] = ['direct', 'ours', 'discordjs-container', 'discordjs-queueing'];
const LABELS: Record<Subject, string> = {
  direct: 'direct to the simulator (reference)',
  ours: 'ours (@platform/rest-proxy)',
  'discordjs-container': '@discordjs/proxy (container)',
  'discordjs-queueing': '@discordjs/proxy (queueing)',
};

export interface LatencyRun {
  subject: Subject;
  sent: number;
  completed: number;
  failures: number;
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  /** Minus the direct run's percentile; 0 for the direct run. */
  addedP50: number;
  addedP99: number;
}

export interface ThroughputRun {
  subject: Subject;
  requests: number;
  failures: number;
  statuses: Record<string, number>;
  perSecond: number;
}

export interface OverloadRun {
  subject: Subject;
  instances: number;
  offeredPerSecond: number;
  sent: number;
  ok: number;
  /** 429s the callers received. */
  rateLimited: number;
  /** Other non-2xx answers and requests with no answer. */
  otherFailures: number;
  statuses: Record<string, number>;
  /** The most requests the bot made in any 1 s window, by the simulator's truth (every status counted). */
  maxInOneSecond: number;
  globalLimit: number;
  /** From the first request to the last answer. */
  seconds: number;
}

export interface RestProxyBenchResult {
  options: RestProxyBenchOptions;
  latency: LatencyRun[];
  throughput: ThroughputRun[];
  overload: OverloadRun[];
  target: typeof REST_PROXY_TARGET & {
    addedP50Pass: boolean;
    no429sPass: boolean;
    withinLimitPass: boolean;
    pass: boolean;
  };
}

const require = createRequire(import.meta.url);
const PROXY_DIR = dirname(require.resolve('@platform/rest-proxy/package.json'));
const PROXY_MAIN = join(PROXY_DIR, 'src', 'main.ts');
const DISCORDJS_ENTRY = fileURLToPath(new URL('./rest-proxy-discordjs.ts', import.meta.url));
const RATE_LOAD_ENTRY = fileURLToPath(new URL('./rest-proxy-load.ts', import.meta.url));
const CLOSED_LOAD_ENTRY = fileURLToPath(new URL('./discord-sim-load.ts', import.meta.url));
const NO_GLOBAL_LIMIT = 1_000_000;

/** Every child process started, so that none outlives a run. */
const children = new ChildProcesses();

interface Instance {
  child: ChildProcess;
  origin: string;
}

/** One replica of our proxy, from its main.ts with env, once /readyz answers 200. */
async function startOurs(sim: Simulator, globalLimit: number, replicas: number, prefix: string): Promise<Instance> {
  const port = await freePort();
  const child = children.spawnTs(PROXY_MAIN, [], {
    env: {
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
      DISCORD_UPSTREAM_URL: sim.apiUrl,
      BOT_TOKENS: sim.token,
      REDIS_PREFIX: prefix,
      REPLICAS: String(replicas),
      GLOBAL_LIMIT: String(globalLimit),
      QUEUE_MAX_WAIT: '120s',
    },
    cwd: PROXY_DIR,
  });
  child.stdout?.resume();
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rest-proxy exited with ${child.exitCode} while starting`);
    const ready = await fetch(`${origin}/readyz`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return { child, origin };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('rest-proxy did not become ready within 30 s');
}

async function startDiscordjs(sim: Simulator, mode: 'container' | 'queueing', globalLimit: number): Promise<Instance> {
  const port = await freePort();
  const child = children.spawnTs(DISCORDJS_ENTRY, [], {
    env: { PORT: String(port), API_URL: sim.apiUrl, MODE: mode, GLOBAL_LIMIT: String(globalLimit) },
  });
  await firstLine<{ ready: boolean }>(child, `@discordjs/proxy (${mode})`);
  return { child, origin: `http://127.0.0.1:${port}` };
}

async function startSubject(
  subject: Subject,
  sim: Simulator,
  count: number,
  globalLimit: number,
  prefix: string,
): Promise<Instance[]> {
  if (subject === 'direct') return [];
  return Promise.all(
    Array.from({ length: count }, () =>
      subject === 'ours'
        ? startOurs(sim, globalLimit, count, prefix)
        : startDiscordjs(sim, subject === 'discordjs-container' ? 'container' : 'queueing', globalLimit),
    ),
  );
}

function origins(sim: Simulator, instances: Instance[]): string[] {
  return instances.length > 0 ? instances.map((i) => i.origin) : [new URL(sim.apiUrl).origin];
}

async function rateLoad(job: RateLoadJob): Promise<RateLoadResult> {
  const child = children.spawnTs(RATE_LOAD_ENTRY, [JSON.stringify(job)]);
  try {
    return await firstLine<RateLoadResult>(child, 'the load process');
  } finally {
    await stopChild(child);
  }
}

async function closedLoad(job: LoadJob): Promise<RestLoadResult> {
  const child = children.spawnTs(CLOSED_LOAD_ENTRY, [JSON.stringify(job)]);
  try {
    return await firstLine<RestLoadResult>(child, 'the load process');
  } finally {
    await stopChild(child);
  }
}

const nonOk = (statuses: Record<string, number>) =>
  Object.entries(statuses).reduce((sum, [status, n]) => (status.startsWith('2') ? sum : sum + n), 0);

/** (1) and (2): limits off, each proxy once, `GET /users/@me` at a fixed rate and closed-loop. */
async function limitsOff(
  options: RestProxyBenchOptions,
): Promise<{ latency: LatencyRun[]; throughput: ThroughputRun[] }> {
  const sim = await createSimulator({ scenario: 'tiny', limits: { enabled: false } });
  const redis = createTestRedisPrefix('bench-rest-proxy');
  try {
    const started = await Promise.all(
      SUBJECTS.map(
        async (subject) => [subject, await startSubject(subject, sim, 1, NO_GLOBAL_LIMIT, redis.prefix)] as const,
      ),
    );
    const instances = new Map(started);
    const headers = { authorization: `Bot ${sim.token}` };
    const path = '/api/v10/users/@me';
    const latency: LatencyRun[] = [];
    for (const subject of SUBJECTS) {
      const measured = await rateLoad({
        origins: origins(sim, instances.get(subject) ?? []),
        paths: [path],
        headers,
        rate: options.latencyRate,
        warmupMs: options.latencyWarmupMs,
        durationMs: options.latencyDurationMs,
        connections: 64,
        drainTimeoutMs: 10_000,
      });
      const direct = latency[0];
      latency.push({
        subject,
        sent: measured.sent,
        completed: measured.completed,
        failures: measured.errors + nonOk(measured.statuses),
        statuses: measured.statuses,
        p50: measured.latency.p50,
        p99: measured.latency.p99,
        addedP50: direct ? measured.latency.p50 - direct.p50 : 0,
        addedP99: direct ? measured.latency.p99 - direct.p99 : 0,
      });
    }
    const throughput: ThroughputRun[] = [];
    for (const subject of SUBJECTS) {
      const measured = await closedLoad({
        kind: 'rest',
        url: `${origins(sim, instances.get(subject) ?? [])[0]}${path}`,
        headers,
        connections: options.connections,
        pipelining: 1,
        warmupMs: options.throughputWarmupMs,
        durationMs: options.throughputDurationMs,
      });
      throughput.push({ subject, ...measured });
    }
    return { latency, throughput };
  } finally {
    await children.stopAll();
    await sim.close();
    await redis.clear().catch(() => {});
  }
}

/** GETs of one bot spread over routes of several buckets (two channels, the guild, the bot), so that the global limit binds before any route limit. */
function overloadPaths(sim: Simulator): string[] {
  const guildId = sim.world.guildIds()[0] as string;
  const channels = sim.world
    .channels(guildId)
    .filter((c) => c.type === 0)
    .map((c) => c.id);
  return [
    ...channels.flatMap((id) => [
      `/api/v10/channels/${id}`,
      `/api/v10/channels/${id}/messages?limit=1`,
      `/api/v10/channels/${id}/pins`,
    ]),
    '/api/v10/users/@me',
    `/api/v10/guilds/${guildId}`,
    `/api/v10/guilds/${guildId}/channels`,
    `/api/v10/guilds/${guildId}/roles`,
  ];
}

/** (3): limits on, `overload` × the global limit from one bot, through `replicas` instances of each proxy. */
async function overloadRun(subject: Subject, options: RestProxyBenchOptions): Promise<OverloadRun> {
  const sim = await createSimulator({ scenario: 'tiny', limits: { globalPerSecond: options.globalLimit } });
  const redis = createTestRedisPrefix('bench-rest-proxy');
  try {
    const instances = await startSubject(subject, sim, options.replicas, options.globalLimit, redis.prefix);
    const offeredPerSecond = options.globalLimit * options.overload;
    const measured = await rateLoad({
      origins: origins(sim, instances),
      paths: overloadPaths(sim),
      headers: { authorization: `Bot ${sim.token}` },
      rate: offeredPerSecond,
      warmupMs: 0,
      durationMs: options.overloadDurationMs,
      connections: 256,
      drainTimeoutMs: 120_000,
    });
    const botId = sim.bots[0]?.user.id as string;
    const truth = (await (
      await fetch(`${sim.controlUrl}/truth/requests/max-per-window?bot=${botId}&windowMs=1000`)
    ).json()) as { max: number };
    const rateLimited = measured.statuses['429'] ?? 0;
    return {
      subject,
      instances: Math.max(1, instances.length),
      offeredPerSecond,
      sent: measured.sent,
      ok: Object.entries(measured.statuses).reduce((sum, [s, n]) => (s.startsWith('2') ? sum + n : sum), 0),
      rateLimited,
      otherFailures: measured.errors + nonOk(measured.statuses) - rateLimited,
      statuses: measured.statuses,
      maxInOneSecond: truth.max,
      globalLimit: options.globalLimit,
      seconds: measured.ms / 1000,
    };
  } finally {
    await children.stopAll();
    await sim.close();
    await redis.clear().catch(() => {});
  }
}

/**
 * Issue #4: our proxy beside @discordjs/proxy (as its container runs it, and with queueing on), each in a
 * process of its own against the simulator, with the load from another: added latency at a fixed rate and
 * the most requests per second with limits off, and under `overload` × the global limit the 429s callers
 * get and the most requests the bot made in any second across `replicas` instances.
 */
export async function runRestProxyBenchmark(
  overrides: Partial<RestProxyBenchOptions> = {},
): Promise<RestProxyBenchResult> {
  const options = { ...DEFAULT_REST_PROXY_BENCH_OPTIONS, ...overrides };
  try {
    const { latency, throughput } = await limitsOff(options);
    const overload: OverloadRun[] = [];
    for (const subject of SUBJECTS) overload.push(await overloadRun(subject, options));
    const ours = latency.find((run) => run.subject === 'ours');
    const oursOverload = overload.find((run) => run.subject === 'ours');
    const addedP50Pass = ours !== undefined && ours.failures === 0 && ours.addedP50 < REST_PROXY_TARGET.addedP50BelowMs;
    const no429sPass = oursOverload !== undefined && oursOverload.rateLimited === 0;
    const withinLimitPass = oursOverload !== undefined && oursOverload.maxInOneSecond <= oursOverload.globalLimit;
    return {
      options,
      latency,
      throughput,
      overload,
      target: {
        ...REST_PROXY_TARGET,
        addedP50Pass,
        no429sPass,
        withinLimitPass,
        pass: addedP50Pass && no429sPass && withinLimitPass,
      },
    };
  } finally {
    await children.stopAll();
  }
}

const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

function printRestProxyResult(result: RestProxyBenchResult): void {
  const { options } = result;
  printTable(
    `rest-proxy (1): added latency, GET /users/@me at ${options.latencyRate} req/s for ${options.latencyDurationMs / 1000} s, limits off`,
    ['path', 'p50 ms', 'p99 ms', 'added p50 ms', 'added p99 ms', 'non-2xx', 'result'],
    result.latency.map((run) => [
      LABELS[run.subject],
      run.p50,
      run.p99,
      run.subject === 'direct' ? '-' : run.addedP50,
      run.subject === 'direct' ? '-' : run.addedP99,
      run.failures,
      run.subject === 'ours' ? `${verdict(result.target.addedP50Pass)} (p50 < 1 ms)` : '-',
    ]),
  );
  printTable(
    `rest-proxy (2): most requests/s, GET /users/@me, ${options.connections} in flight, limits off`,
    ['path', 'req/s', 'requests', 'non-2xx', 'of direct'],
    result.throughput.map((run) => [
      LABELS[run.subject],
      run.perSecond,
      run.requests,
      run.failures,
      `${((run.perSecond / (result.throughput[0]?.perSecond ?? Number.NaN)) * 100).toFixed(0)}%`,
    ]),
  );
  printTable(
    `rest-proxy (3): ${options.overload}× the global limit (${options.globalLimit}/s) from one bot for ${options.overloadDurationMs / 1000} s, limits on`,
    [
      'path',
      'instances',
      'offered/s',
      'sent',
      '2xx',
      '429s to callers',
      'other failures',
      'max in 1 s',
      'limit',
      'seconds',
      'result',
    ],
    result.overload.map((run) => [
      LABELS[run.subject],
      run.instances,
      run.offeredPerSecond,
      run.sent,
      run.ok,
      run.rateLimited,
      run.otherFailures,
      run.maxInOneSecond,
      run.globalLimit,
      run.seconds,
      run.subject === 'ours'
        ? `${verdict(result.target.no429sPass)} (no 429), ${verdict(result.target.withinLimitPass)} (≤ limit)`
        : '-',
    ]),
  );
  console.log(
    `target: ours adds < ${REST_PROXY_TARGET.addedP50BelowMs} ms at p50, passes no 429 to callers and keeps every bot` +
      ` within its global limit in any second across ${options.replicas} replicas: ${verdict(result.target.pass)}`,
  );
}

export const restProxyBenchmark: Benchmark = {
  description: 'services/rest-proxy vs @discordjs/proxy: added latency, req/s, 429s and max per second under 3× load',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        rate: { type: 'string' },
        'duration-ms': { type: 'string' },
        connections: { type: 'string' },
        'global-limit': { type: 'string' },
      },
    });
    const base = values.quick ? QUICK_REST_PROXY_BENCH_OPTIONS : DEFAULT_REST_PROXY_BENCH_OPTIONS;
    noteCompetingLoad();
    const duration = numberOption('duration-ms', values['duration-ms'], base.latencyDurationMs);
    const result = await runRestProxyBenchmark({
      ...base,
      latencyRate: numberOption('rate', values.rate, base.latencyRate),
      latencyDurationMs: duration,
      throughputDurationMs: numberOption('duration-ms', values['duration-ms'], base.throughputDurationMs),
      connections: numberOption('connections', values.connections, base.connections),
      globalLimit: numberOption('global-limit', values['global-limit'], base.globalLimit),
    });
    printRestProxyResult(result);
    console.log(`written to ${writeResult('rest-proxy', result)}`);
  },
};
