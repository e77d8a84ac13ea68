// Entry of the ceiling process of the gateway-ingest benchmark: the connection gateway-ingest opens (one
// @discordjs/ws manager holding one shard, plain JSON, the same intents, GET /gateway/bot answered from
// `gateway`) with a dispatch handler that does nothing but note the instant. argv is one JSON NoopJob;
// prints `{"ready":true}` once READY, then the NoopResult, as JSON lines on stdout.
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import type { fetchGatewayBot } from '@platform/gateway-ingest/src/gateway-bot.js';
import { cpuMicros, steadyRate } from '../stats.js';
import { clockMs } from './bus-events.js';

export interface NoopJob {
  token: string;
  intents: number;
  gateway: Awaited<ReturnType<typeof fetchGatewayBot>>;
  /** MESSAGE_CREATE dispatches to receive before reporting, `warmup` of them first and not measured. */
  expected: number;
  warmup: number;
}

export interface NoopResult {
  count: number;
  /** Over the steady middle of the measured dispatches (10%..90% of their arrivals), as for gateway-ingest. */
  eventsPerSecond: number;
  /** From the first measured dispatch to the last. */
  ms: number;
  /** CPU time (user and system) per measured dispatch, µs. */
  cpuUsPerEvent: number;
}

type RestOption = ConstructorParameters<typeof WebSocketManager>[0]['rest'];

const print = (line: unknown) =>
  new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(line)}\n`, () => resolve()));

const job = JSON.parse(process.argv[2] ?? '{}') as NoopJob;
const arrivals = new Float64Array(job.expected);
let count = 0;
let cpuBefore: NodeJS.CpuUsage | undefined;
const manager = new WebSocketManager({
  token: job.token,
  intents: job.intents,
  shardCount: 1,
  shardIds: [0],
  rest: { get: async () => job.gateway } as unknown as RestOption,
});
const done = new Promise<void>((resolve) => {
  manager.on(WebSocketShardEvents.Dispatch, (payload) => {
    if (payload.t !== 'MESSAGE_CREATE' || count >= job.expected) return;
    arrivals[count++] = clockMs();
    if (count === job.warmup) cpuBefore = process.cpuUsage();
    if (count === job.expected) resolve();
  });
});
manager.once(WebSocketShardEvents.Ready, () => void print({ ready: true }));
await manager.connect();
await done;
const cpu = process.cpuUsage(cpuBefore);
const measured = arrivals.subarray(job.warmup);
const result: NoopResult = {
  count,
  eventsPerSecond: steadyRate(measured),
  ms: (measured.at(-1) as number) - (measured[0] as number),
  cpuUsPerEvent: cpuMicros(cpu) / measured.length,
};
await print(result);
await manager.destroy();
process.exit(0);
