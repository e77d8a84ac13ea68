import { type RateLimitData, REST } from '@discordjs/rest';
import { ChannelType, Routes } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedScenarios, type ScenarioInput } from '../../src/world/scenario.js';
import type { RecordedRequest } from '../../src/world/world.js';
import { type Harness, startRest } from './support/rest-harness.js';

/** Three bots in one guild of twelve text channels. */
const base = namedScenarios['multi-bot'];
const scenario: ScenarioInput = {
  ...base,
  guilds: [{ ...base.guilds[0], channels: Array.from({ length: 12 }, (_, i) => ({ name: `room-${i}`, history: 60 })) }],
};

/** Tight for this load: the bots would go faster without it. */
const GLOBAL_PER_SECOND = 100;
/**
 * What the clients are told. The client counts fixed seconds by its own clock from a request's send;
 * the simulator drains its bucket from the request's arrival, so a second whose first request arrived
 * late by δ ms still holds δ/10 requests when the client's next burst comes. On a loaded machine δ
 * reaches tens of ms, so the clients keep the margin bot owners keep against network jitter.
 */
const CLIENT_GLOBAL_PER_SECOND = 90;
/** Per bot, after discovery: requests spread over eleven channels, which the global limit binds… */
const SPREAD_REQUESTS = 700;
/** …and requests on the twelfth channel, which its per-route limits bind. */
const HOT_REQUESTS = 60;
/** Tight per-route limits. */
const OVERRIDES = {
  'message-create': { limit: 3, windowMs: 1000 },
  'message-list': { limit: 3, windowMs: 1000 },
  'channel-get': { limit: 3, windowMs: 1000 },
  reactions: { limit: 1, windowMs: 250 },
};

interface BotRun {
  botId: string;
  rest: REST;
  /** `scope` of every 429 the client received, with the phase it happened in. */
  tooMany: { phase: string; route: string; scope: string | null }[];
  /** Pre-emptive waits the client made from the headers. */
  waits: RateLimitData[];
  failures: unknown[];
}

let h: Harness;
let channels: string[];
let runs: BotRun[];
let phase = 'discovery';

/** Arrival times of one bot's admitted requests, from the ground truth. */
function admitted(requests: readonly RecordedRequest[], botId: string): number[] {
  return requests.filter((request) => request.botId === botId && request.status !== 429).map((request) => request.at);
}

/** How many of `times` a bucket of `perSecond` requests, drained continuously, would have refused. */
function refusedByTokenBucket(times: readonly number[], perSecond: number): number {
  let level = 0;
  let last = Number.NEGATIVE_INFINITY;
  let refused = 0;
  for (const at of times) {
    level = Math.max(0, level - ((at - last) * perSecond) / 1000);
    last = at;
    // A hair of tolerance for floating point drain.
    if (level + 1 > perSecond + 1e-6) refused++;
    else level += 1;
  }
  return refused;
}

/** The most of `times` within any `windowMs` (a sliding window). */
function busiest(times: readonly number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** One request of the mix: list, create, get channel, react (own reaction on a known message). */
function job(run: BotRun, index: number, channel: string, targets: Map<string, string>): Promise<unknown> {
  switch (index % 4) {
    case 0:
      return run.rest.get(Routes.channelMessages(channel), { query: new URLSearchParams({ limit: '5' }) });
    case 1:
      return run.rest.post(Routes.channelMessages(channel), { body: { content: `load ${index}` } });
    case 2:
      return run.rest.get(Routes.channel(channel));
    default:
      return run.rest.put(Routes.channelMessageOwnReaction(channel, targets.get(channel) as string, '👍'));
  }
}

/**
 * Runs `count` jobs through `concurrency` workers, as a busy service would: job `i` is route `i % 4` in
 * channel `channelOf(i)`.
 */
async function drive(
  run: BotRun,
  count: number,
  concurrency: number,
  channelOf: (index: number) => string,
  targets: Map<string, string>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        try {
          await job(run, index, channelOf(index), targets);
        } catch (error) {
          run.failures.push(error);
        }
      }
    }),
  );
}

beforeAll(async () => {
  h = await startRest({ scenario, limits: { globalPerSecond: GLOBAL_PER_SECOND, overrides: OVERRIDES } });
  const guildId = h.world.guildIds()[0] as string;
  channels = h.world
    .channels(guildId)
    .filter((channel) => channel.type === ChannelType.GuildText)
    .map((channel) => channel.id);
  runs = h.world.bots.map((bot) => {
    // Unmodified client, told the global limit less a margin, as a bot owner would configure it.
    const rest = new REST({ api: `${h.url}/api`, version: '10', globalRequestsPerSecond: CLIENT_GLOBAL_PER_SECOND });
    rest.setToken(bot.token);
    const run: BotRun = { botId: bot.user.id, rest, tooMany: [], waits: [], failures: [] };
    rest.on('response', (request, response) => {
      if (response.status === 429) {
        run.tooMany.push({ phase, route: request.route, scope: response.headers.get('x-ratelimit-scope') });
      }
    });
    rest.on('rateLimited', (data) => run.waits.push(data));
    return run;
  });

  const targets = new Map<string, string>();
  for (const channel of channels) {
    const [latest] = h.world.messages(channel, { limit: 1 });
    targets.set(channel, latest?.id as string);
  }
  const every = (index: number) => channels[Math.floor(index / 4) % channels.length] as string;
  // Discovery: every bot learns every bucket, one request per route and channel, all at once.
  await Promise.all(runs.map((run) => drive(run, 4 * channels.length, 4 * channels.length, every, targets)));

  // The client switches to a handler per learnt bucket on its next request, with no state of its own yet:
  // let every window of discovery close first, so that first request finds its bucket open.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  // Steady load, per bot and all together: 30 workers over the other channels, 10 on the hot one.
  phase = 'steady';
  const hot = () => channels[0] as string;
  const spread = (index: number) => channels[1 + (Math.floor(index / 4) % (channels.length - 1))] as string;
  await Promise.all(
    runs.flatMap((run) => [
      drive(run, SPREAD_REQUESTS, 30, spread, targets),
      drive(run, HOT_REQUESTS, 10, hot, targets),
    ]),
  );
}, 60_000);

afterAll(async () => {
  for (const run of runs) {
    run.rest.clearHashSweeper();
    run.rest.clearHandlerSweeper();
  }
  await h.close();
});

describe('@discordjs/rest against the simulator', () => {
  it('gets an answer to every request', () => {
    expect(runs.flatMap((run) => run.failures)).toEqual([]);
    const answered = h.world.truth.requests().filter((request) => request.status < 300);
    expect(answered.length).toBe(runs.length * (SPREAD_REQUESTS + HOT_REQUESTS + 4 * channels.length));
  });

  it('waits pre-emptively on both the per-route and the global limit', () => {
    for (const run of runs) {
      expect(run.waits.some((wait) => wait.global)).toBe(true);
      expect(run.waits.some((wait) => !wait.global)).toBe(true);
    }
  });

  it('never receives a 429 once it knows the buckets', () => {
    expect(runs.flatMap((run) => run.tooMany.filter((entry) => entry.phase === 'steady'))).toEqual([]);
  });

  it('receives only per-route 429s while discovering buckets, never global or shared ones', () => {
    // Until a bucket's hash is known, @discordjs/rest queues by route; the handler it opens for the hash
    // starts with no state while the old queue drains, so two requests of one bucket may overlap. That is
    // the client's design, and Discord answers it the same way: a per-route 429 with the bucket's headers.
    const discovery = runs.flatMap((run) => run.tooMany);
    expect(discovery.filter((entry) => entry.scope !== 'user')).toEqual([]);
  });

  it('keeps every bot within the global limit, as the ground truth records it', () => {
    const requests = h.world.truth.requests();
    for (const run of runs) {
      const times = admitted(requests, run.botId);
      expect(refusedByTokenBucket(times, GLOBAL_PER_SECOND)).toBe(0);
      // A token bucket lets a full burst follow a drained second, so a sliding second may hold up to twice
      // the rate (the client's own fixed windows allow the same); the busiest one stays below that.
      const most = busiest(times, 1000);
      console.info(`bot ${run.botId}: ${times.length} requests, busiest second ${most}, 429s ${run.tooMany.length}`);
      expect(most).toBeLessThan(2 * GLOBAL_PER_SECOND);
    }
  });
});
