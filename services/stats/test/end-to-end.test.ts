import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, type BusConsumer, consumeInteractions } from '@platform/bus';
import { createRedis, type RedisConnection } from '@platform/cache';
import { createDiscordRest } from '@platform/discord';
import { createSimulator, type Simulator } from '@platform/discord-sim';
import { createTestRedisPrefix, type TestBusNamespace, type TestRedisPrefix, testEndpoints } from '@platform/testkit';
import { InteractionResponseType } from 'discord-api-types/v10';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerCaches } from '../src/cache/answer-caches.js';
import { CachedStatsQueries } from '../src/cache/cached-stats-queries.js';
import { createCommandMetrics } from '../src/commands/command-metrics.js';
import { createInteractionHandler } from '../src/commands/interaction-handler.js';
import { registerStatsCommands } from '../src/commands/register-commands.js';
import { statsCommandHandlers } from '../src/commands/stats-command-handlers.js';
import { PgUserDays } from '../src/http/pg-user-days.js';
import { type StatsIngest, startIngest } from '../src/ingest/stats-ingest.js';
import { PgStatsQueries } from '../src/queries/pg-stats-queries.js';
import { createPngRenderer } from '../src/render/render-png.js';
import { PgGuildSettingsStore } from '../src/settings/pg-guild-settings-store.js';
import { windowEnd } from '../src/window/lookback.js';
import { answered, type Data, publishDispatch, testBus, userRuns } from './sim-harness.js';
import { createTestStore, type TestStore } from './store-fixtures.js';

/**
 * The whole read side over the real store: the simulator's dispatches go onto the bus as gateway-ingest
 * puts them, the ingest commits them to Postgres, and virtual users' commands are answered from the rollups
 * through the Redis cache. Answers are checked against the simulator's ground truth.
 */

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const START = Date.now();

let sim: Simulator;
let ns: TestBusNamespace;
let bus: Bus;
let store: TestStore;
let redisPrefix: TestRedisPrefix;
let redis: RedisConnection;
let ingest: StatsIngest;
let interactions: BusConsumer;
let storeQueries: PgStatsQueries;
let guildId: string;
let channelId: string;
let authors: string[];
let unsubscribe: () => void;
const pending: Promise<unknown>[] = [];

beforeAll(async () => {
  sim = await createSimulator({ scenario: 'tiny', limits: { enabled: false }, traffic: { autostart: false } });
  [guildId = ''] = sim.world.guildIds();
  channelId = sim.world.channels(guildId).find((c) => c.name === 'general')?.id ?? '';
  authors = sim.world
    .members(guildId, { limit: 100 })
    .filter((m) => !m.user.bot)
    .slice(0, 4)
    .map((m) => m.user.id);

  ({ ns, bus } = await testBus('stats-e2e', logger));
  // What gateway-ingest does with each dispatch. Interactions are published by `command` instead, with only the
  // options the test gave (the simulator's virtual users add random ones).
  let seq = 0;
  unsubscribe = sim.world.onDispatch(({ t, d }) => {
    seq += 1;
    if (t !== 'INTERACTION_CREATE') pending.push(publishDispatch(bus, t, d, { sessionId: 'e2e', seq }));
  });

  store = await createTestStore('stats_e2e');
  redisPrefix = createTestRedisPrefix('stats-e2e');
  redis = createRedis({ url: testEndpoints.redisUrl, prefix: redisPrefix.prefix });
  await redis.connect();
  const registry = new Registry();
  storeQueries = new PgStatsQueries(store.pool);
  const queries = new CachedStatsQueries({
    queries: storeQueries,
    caches: createAnswerCaches(redis, registry),
    ttlSeconds: 300,
  });
  const settings = new PgGuildSettingsStore(store.pool);
  ingest = await startIngest({
    bus,
    pool: store.pool,
    logger,
    registry,
    rawRetentionMs: 30 * 86_400_000,
    voiceSessionCapMs: 12 * 3_600_000,
    batchSize: 500,
    batchWaitMs: 20,
    maintenanceIntervalMs: 60_000,
    onCommit: async (touched) => {
      await queries.invalidateTouched(...touched);
    },
  });
  const rest = createDiscordRest({ apiUrl: sim.apiUrl, token: sim.token });
  await registerStatsCommands(rest);
  interactions = await consumeInteractions(
    bus,
    'stats',
    createInteractionHandler({
      rest,
      logger,
      metrics: createCommandMetrics(registry),
      replyBudgetMs: 2000,
      handlers: statsCommandHandlers({
        queries,
        settings,
        renderer: createPngRenderer({ fontDir: '/usr/share/fonts/truetype/dejavu', registry }),
        defaultDays: 30,
        invalidateGuild: (id) => queries.invalidateGuild(id),
      }),
    }),
  );
});

afterAll(async () => {
  unsubscribe?.();
  await Promise.allSettled(pending);
  await interactions?.stop();
  await ingest?.stop();
  await bus?.close();
  await ns?.clear();
  await redis?.quit();
  await redisPrefix?.clear();
  await store?.close();
  await sim?.close();
});

/** `counts[i]` messages by the i-th author, through the world (so dispatched, and in the ground truth). */
function post(counts: number[]) {
  counts.forEach((count, i) => {
    for (let n = 0; n < count; n++) sim.world.createMessage(channelId, authors[i] ?? '', { content: `m${i}.${n}` });
  });
}

/** The ground truth's messages per member since the test began, most first; bots (their answers) are not counted. */
function truthBoard(): { userId: string; messages: number }[] {
  const bots = new Set(sim.world.bots.map((b) => b.user.id));
  return sim.world.truth
    .activity(guildId, START, Date.now() + 1)
    .filter((a) => a.messages > 0 && !bots.has(a.userId))
    .sort((a, b) => b.messages - a.messages || a.userId.localeCompare(b.userId))
    .map(({ userId, messages }) => ({ userId, messages }));
}

/** Waits until the store has committed `total` messages of the guild. */
async function committed(total: number) {
  const window = { from: new Date(START - 3_600_000), to: new Date(windowEnd(Date.now())) };
  for (let i = 0; i < 200; i++) {
    if ((await storeQueries.serverStats(guildId, window)).messages === total) return;
    await sleep(50);
  }
  throw new Error(`the store never reached ${total} messages`);
}

/** A virtual user runs a command, which reaches the bus; its answer. */
async function command(
  userId: string,
  name: string,
  options: Record<string, string | number | boolean>,
  subcommand?: string,
): Promise<Data> {
  const interaction = await userRuns(sim, channelId, userId, { name, options, ...(subcommand ? { subcommand } : {}) });
  await publishDispatch(bus, 'INTERACTION_CREATE', interaction);
  const answer = await answered(sim, interaction);
  expect(answer.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return answer.data as Data;
}

/** The leaderboard lines the command should show for a truth board. */
const expectedLines = (board: { userId: string; messages: number }[]) =>
  board.map((row, i) => `${['🥇', '🥈', '🥉'][i] ?? `**${i + 1}.**`} <@${row.userId}> — ${row.messages} messages`);

describe('stats end to end', () => {
  it('answers /leaderboard from the rollups as the ground truth has it, and again after new messages', async () => {
    post([4, 9, 2, 6]);
    await committed(21);
    const first = await command(authors[0] ?? '', 'leaderboard', { type: 'messages', days: 1, limit: 10 });
    const truth = truthBoard();
    expect(truth.map((r) => r.messages)).toEqual([9, 6, 4, 2]);
    expect(first.embeds?.[0]?.description).toBe(`last 24 hours\n\n${expectedLines(truth).join('\n')}`);
    expect(first.embeds?.[0]?.fields?.[0]?.value).toBe(`#3 <@${authors[0]}> — 4 messages`);

    // The answer is cached now; a commit of new messages in this hour must replace it.
    post([8, 0, 0, 0]);
    await committed(29);
    const second = await command(authors[0] ?? '', 'leaderboard', { type: 'messages', days: 1, limit: 10 });
    expect(second.embeds?.[0]?.description).toBe(`last 24 hours\n\n${expectedLines(truthBoard()).join('\n')}`);
    expect(second.embeds?.[0]?.fields?.[0]?.value).toBe(`#1 <@${authors[0]}> — 12 messages`);
  });

  it('exports per user per day rows that add up to the ground truth', async () => {
    const rows = [];
    for await (const row of new PgUserDays(store.pool).userDays(guildId, {
      from: null,
      to: new Date(windowEnd(Date.now())),
    }))
      rows.push(row);
    const byUser = new Map<string, number>();
    for (const row of rows) byUser.set(row.userId, (byUser.get(row.userId) ?? 0) + row.messages);
    expect(Object.fromEntries(byUser)).toEqual(Object.fromEntries(truthBoard().map((r) => [r.userId, r.messages])));
  });

  it('an opt-out through the settings command removes the member from the answers', async () => {
    const leaver = authors[1] ?? '';
    const done = await command(leaver, 'stats-settings', {}, 'optout');
    expect(done.content).toContain('removed');
    const board = await command(authors[0] ?? '', 'leaderboard', { type: 'messages', days: 1, limit: 10 });
    expect(board.embeds?.[0]?.description).not.toContain(leaver);
    const stats = await command(authors[0] ?? '', 'stats', { user: leaver });
    expect(stats.content).toContain('opted out');
  });
});
