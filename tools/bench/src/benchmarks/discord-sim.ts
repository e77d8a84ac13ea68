import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DispatchCount, LoadJob, RestLoadResult, Simulator } from '@platform/discord-sim';
import type { Benchmark } from '../benchmark.js';
import { ChildProcesses, readyThenResult } from '../child-process.js';
import { numberOption } from '../options.js';
import { noteCompetingLoad, printTable, writeResult } from '../report.js';
import { fanOut, firstTextChannel, MESSAGE_INTENTS, withSimulator } from './sim-dispatches.js';

/** What the simulator must sustain so that it is never the bottleneck of the platform's benchmarks. */
export const DISCORD_SIM_TARGET = { dispatchesPerSecond: 50_000, restRequestsPerSecond: 10_000 };

export interface DiscordSimBenchOptions {
  /** Dispatches sent to the one connection in each gateway run. */
  dispatches: number;
  /** Dispatches in the run through `world.createMessage` (the whole world path). */
  worldMessages: number;
  restWarmupMs: number;
  restDurationMs: number;
  /** Keep-alive connections of the REST load generator. */
  connections: number;
  /** Requests in flight per connection. */
  pipelining: number;
}

export const DEFAULT_DISCORD_SIM_BENCH_OPTIONS: DiscordSimBenchOptions = {
  dispatches: 200_000,
  worldMessages: 50_000,
  restWarmupMs: 1_000,
  restDurationMs: 5_000,
  connections: 64,
  pipelining: 1,
};

/** `--quick`: a smoke run that checks the benchmark works, too short to measure much. */
export const QUICK_DISCORD_SIM_BENCH_OPTIONS: DiscordSimBenchOptions = {
  dispatches: 20_000,
  worldMessages: 5_000,
  restWarmupMs: 200,
  restDurationMs: 800,
  connections: 32,
  pipelining: 1,
};

export interface GatewayRun {
  name: string;
  /** `fan-out`: the gateway alone; `world`: messages created through the world, which records and stores each. */
  producer: 'fan-out' | 'world';
  compression: 'none' | 'zlib-stream';
  count: number;
  ms: number;
  perSecond: number;
  bytesPerDispatch: number;
}

export interface RestRun {
  name: string;
  route: string;
  requests: number;
  failures: number;
  ms: number;
  perSecond: number;
  statuses: Record<string, number>;
}

export interface DiscordSimBenchResult {
  options: DiscordSimBenchOptions;
  gateway: GatewayRun[];
  rest: RestRun[];
  target: typeof DISCORD_SIM_TARGET & { pass: boolean };
}

const LOAD_ENTRY = fileURLToPath(new URL('./discord-sim-load.ts', import.meta.url));
const BATCH = 2_000;
const children = new ChildProcesses();

/** A load process: resolves `ready` when its gateway session is up (gateway jobs), `done` with its result. */
function startLoad<T>(job: LoadJob) {
  const child = children.spawnTs(LOAD_ENTRY, [JSON.stringify(job)]);
  return { ...readyThenResult<T>(child, 'the load process'), child };
}

/** Messages created by a member through the world: validated, stored, recorded in the truth, then fanned out. */
async function createMessages(sim: Simulator, count: number): Promise<void> {
  const { guildId, channelId } = firstTextChannel(sim);
  const author = sim.world.membersByActivity(guildId)[0] as string;
  for (let sent = 0; sent < count; ) {
    for (const end = Math.min(count, sent + BATCH); sent < end; sent++)
      sim.world.createMessage(channelId, author, { content: `message ${sent}` });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function gatewayRun(
  name: string,
  producer: GatewayRun['producer'],
  compression: GatewayRun['compression'],
  count: number,
): Promise<GatewayRun> {
  return withSimulator(async (sim) => {
    const load = startLoad<DispatchCount>({
      kind: 'dispatches',
      url: sim.gatewayUrl,
      token: sim.token,
      intents: MESSAGE_INTENTS,
      expected: count,
      zlib: compression === 'zlib-stream',
    });
    try {
      await Promise.race([load.ready, load.done]);
      await (producer === 'fan-out' ? fanOut(sim, { count }) : createMessages(sim, count));
      const measured = await load.done;
      return {
        name,
        producer,
        compression,
        count: measured.count,
        ms: measured.ms,
        perSecond: measured.perSecond,
        bytesPerDispatch: measured.bytes / measured.count,
      };
    } finally {
      load.child.kill();
    }
  });
}

async function restRun(
  name: string,
  path: (sim: Simulator) => string,
  options: DiscordSimBenchOptions,
): Promise<RestRun> {
  return withSimulator(async (sim) => {
    const route = path(sim);
    const load = startLoad<RestLoadResult>({
      kind: 'rest',
      url: `${sim.apiUrl}/v10${route}`,
      headers: { authorization: `Bot ${sim.token}` },
      connections: options.connections,
      pipelining: options.pipelining,
      warmupMs: options.restWarmupMs,
      durationMs: options.restDurationMs,
    });
    try {
      const measured = await load.done;
      return { name, route, ...measured };
    } finally {
      load.child.kill();
    }
  });
}

/**
 * Measures the simulator from clients in processes of their own: dispatches per second one gateway
 * connection receives (the gateway's fan-out, plain and zlib-stream, and the whole world path), and
 * REST requests per second with limits off on two cheap routes.
 */
export async function runDiscordSimBenchmark(
  overrides: Partial<DiscordSimBenchOptions> = {},
): Promise<DiscordSimBenchResult> {
  const options = { ...DEFAULT_DISCORD_SIM_BENCH_OPTIONS, ...overrides };
  const gateway = [
    await gatewayRun('gateway, plain JSON', 'fan-out', 'none', options.dispatches),
    await gatewayRun('gateway, zlib-stream', 'fan-out', 'zlib-stream', options.dispatches),
    await gatewayRun('world.createMessage → gateway, plain JSON', 'world', 'none', options.worldMessages),
  ];
  const rest = [
    await restRun('REST, GET /users/@me', () => '/users/@me', options),
    await restRun(
      'REST, GET a message page of 1',
      (sim) => `/channels/${firstTextChannel(sim).channelId}/messages?limit=1`,
      options,
    ),
  ];
  const targeted = gateway.filter((run) => run.producer === 'fan-out');
  const pass =
    targeted.every((run) => run.perSecond >= DISCORD_SIM_TARGET.dispatchesPerSecond) &&
    rest.every((run) => run.failures === 0 && run.perSecond >= DISCORD_SIM_TARGET.restRequestsPerSecond);
  return { options, gateway, rest, target: { ...DISCORD_SIM_TARGET, pass } };
}

function printDiscordSimResult(result: DiscordSimBenchResult): void {
  const verdict = (measured: number, target: number) => (measured >= target ? 'PASS' : 'FAIL');
  const { dispatchesPerSecond, restRequestsPerSecond } = result.target;
  const ratio = (measured: number, target: number) => `${(measured / target).toFixed(1)}×`;
  printTable(
    'discord-sim: one gateway connection and the REST API (limits off), each client in a process of its own',
    ['measure', 'measured /s', 'target /s', 'of target', 'result', 'detail'],
    [
      ...result.gateway.map((run) =>
        run.producer === 'fan-out'
          ? [
              run.name,
              run.perSecond,
              dispatchesPerSecond,
              ratio(run.perSecond, dispatchesPerSecond),
              verdict(run.perSecond, dispatchesPerSecond),
              `${run.bytesPerDispatch.toFixed(0)} B/dispatch on the wire`,
            ]
          : [run.name, run.perSecond, '-', '-', 'info', 'the world builds, stores and records each message'],
      ),
      ...result.rest.map((run) => [
        run.name,
        run.perSecond,
        restRequestsPerSecond,
        ratio(run.perSecond, restRequestsPerSecond),
        run.failures > 0 ? 'FAIL' : verdict(run.perSecond, restRequestsPerSecond),
        `${run.failures} non-2xx, ${result.options.connections * result.options.pipelining} in flight`,
      ]),
    ],
  );
  console.log(
    `target: one connection carries >= ${dispatchesPerSecond.toLocaleString('en-US')} dispatches/s and REST answers` +
      ` >= ${restRequestsPerSecond.toLocaleString('en-US')} requests/s with limits off: ${result.target.pass ? 'PASS' : 'FAIL'}`,
  );
}

export const discordSimBenchmark: Benchmark = {
  description: 'tools/discord-sim: dispatches/s on one gateway connection and REST requests/s, limits off',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        quick: { type: 'boolean', default: false },
        dispatches: { type: 'string' },
        'duration-ms': { type: 'string' },
        connections: { type: 'string' },
        pipelining: { type: 'string' },
      },
    });
    const base = values.quick ? QUICK_DISCORD_SIM_BENCH_OPTIONS : DEFAULT_DISCORD_SIM_BENCH_OPTIONS;
    noteCompetingLoad();
    const result = await runDiscordSimBenchmark({
      ...base,
      dispatches: numberOption('dispatches', values.dispatches, base.dispatches),
      restDurationMs: numberOption('duration-ms', values['duration-ms'], base.restDurationMs),
      connections: numberOption('connections', values.connections, base.connections),
      pipelining: numberOption('pipelining', values.pipelining, base.pipelining),
    });
    printDiscordSimResult(result);
    console.log(`written to ${writeResult('discord-sim', result)}`);
  },
};
