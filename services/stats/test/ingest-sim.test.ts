import { jetstreamManager } from '@nats-io/jetstream';
import { type Bus, connectBus, readDeadLetter } from '@platform/bus';
import { dedupeId, ENVELOPE_VERSION, type Envelope, guildIdOf, platformStreams } from '@platform/contracts';
import {
  createTrafficEngine,
  createWorld,
  ManualClock,
  type TrafficEngine,
  type UserActivity,
  type World,
} from '@platform/discord-sim';
import { createTestBusNamespace, type TestBusNamespace, testEndpoints } from '@platform/testkit';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGESTED_EVENTS } from '../src/ingest/event-rows.js';
import { type StatsIngest, startIngest } from '../src/ingest/stats-ingest.js';
import { PgStatsQueries } from '../src/queries/pg-stats-queries.js';
import type { TouchedHours } from '../src/queries/stats-queries.js';
import { PgGuildSettingsStore } from '../src/settings/pg-guild-settings-store.js';
import { countRows, createTestStore, type TestStore } from './store-fixtures.js';

/**
 * Two simulated days of a guild's traffic (messages, reactions, voice with moves to AFK and toggles,
 * joins and leaves, plus edits, deletions and a bot's messages driven directly), stepped on a manual
 * clock, published onto the bus as gateway-ingest would, shuffled and with a tenth sent twice, and
 * consumed by an ingest that is killed halfway (its connection cut with batches in hand) and replaced.
 * Every member's counts, a leaderboard, a window and a heatmap must equal the simulator's ground truth.
 */

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const H = 3_600_000;
const STEP = 10 * 60_000;
const RUN = 48 * H;
// Simulated time ends an hour before the real clock, so retention and the session cap see it as recent.
const START = Math.floor(Date.now() / H) * H - RUN - H;
const ZONE = 'America/New_York';

interface Captured {
  t: string;
  d: unknown;
  at: number;
}

let world: World;
let clock: ManualClock;
let traffic: TrafficEngine;
let guildId: string;
let botId: string;
const captured: Captured[] = [];

let store: TestStore;
let ns: TestBusNamespace;
let publisher: Bus;
let ingestBus: Bus;
let ingest: StatsIngest;
let queries: PgStatsQueries;
const touched: TouchedHours[] = [];

/** Seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function runWorld(): void {
  clock = new ManualClock(START);
  world = createWorld(
    {
      seed: 11,
      users: 150,
      bots: 1,
      botShare: 0.05,
      historyEnd: new Date(START - 24 * H).toISOString(),
      historyDays: 5,
      guilds: [
        {
          name: 'Stats',
          members: 60,
          channels: [
            { name: 'general', history: 40 },
            { name: 'memes', history: 20 },
            { name: 'Lounge', type: 'voice' },
            { name: 'Gaming', type: 'voice' },
            { name: 'AFK', type: 'voice' },
          ],
          afkChannel: 'AFK',
        },
      ],
    },
    { now: () => clock.now() },
  );
  [guildId = ''] = world.guildIds();
  botId = world.bots[0]?.user.id ?? '';
  world.onDispatch((dispatch) => captured.push({ t: dispatch.t, d: dispatch.d, at: clock.now() }));
  const snapshot = () => captured.push({ t: 'GUILD_CREATE', d: world.guildCreate(guildId, 250), at: clock.now() });
  snapshot();
  traffic = createTrafficEngine({
    world,
    clock,
    rates: {
      messagesPerSecond: 0.04,
      reactionsPerSecond: 0.02,
      voiceJoinsPerSecond: 0.004,
      memberJoinsPerSecond: 0.0004,
      memberLeavesPerSecond: 0.0004,
    },
    voice: { meanSessionMs: 40 * 60_000, moveChance: 0.5, meanToggles: 3 },
  });
  traffic.start();
  const draw = random(5);
  const general = world.channels(guildId).find((c) => c.name === 'general')?.id ?? '';
  type Written = { id: string; channel_id: string; author: { id: string; bot?: boolean }; type: number };
  let editAgain: Written[] = [];
  for (let elapsed = 0; elapsed < RUN; elapsed += STEP) {
    const since = captured.length;
    clock.advance(STEP);
    // People edit (some twice, a step apart: each version counts) and delete some of what they just
    // wrote; a bot posts now and then.
    for (const m of editAgain) world.editMessage(m.channel_id, m.id, m.author.id, { content: `edited again ${m.id}` });
    editAgain = [];
    for (const { t, d } of captured.slice(since)) {
      const m = d as Written;
      if (t !== 'MESSAGE_CREATE' || m.author.bot || m.type !== 0) continue;
      const roll = draw();
      if (roll < 0.08) world.editMessage(m.channel_id, m.id, m.author.id, { content: `edited ${m.id}` });
      if (roll < 0.03) editAgain.push(m);
      if (roll > 0.95) world.deleteMessage(m.channel_id, m.id, m.author.id);
    }
    if (elapsed % (6 * H) === 0) world.createMessage(general, botId, { content: 'a bot speaks' });
    // Halfway, the gateway reconnects: a second GUILD_CREATE with whoever sits in voice.
    if (elapsed === RUN / 2) snapshot();
  }
  traffic.stop();
}

function envelopes(): Envelope[] {
  return captured.map(({ t, d, at }, seq) => ({
    v: ENVELOPE_VERSION,
    id: dedupeId(t, d, { sessionId: 'sim-session', seq }),
    t,
    shard: 0,
    seq,
    guildId: guildIdOf(t, d),
    receivedAt: at,
    d,
  }));
}

async function publish(list: Envelope[]): Promise<void> {
  const pipeline = publisher.pipeline();
  for (const e of list) {
    if (!pipeline.publish(publisher.subjects.dispatch(e.t, e.guildId), e, { msgId: e.id })) await pipeline.ready();
  }
  const result = await pipeline.flush();
  expect(result.failures).toEqual([]);
}

function startStatsIngest(bus: Bus): Promise<StatsIngest> {
  return startIngest({
    bus,
    pool: store.pool,
    logger,
    registry: new Registry(),
    rawRetentionMs: 30 * 24 * H,
    voiceSessionCapMs: 12 * H,
    batchSize: 400,
    batchWaitMs: 20,
    maintenanceIntervalMs: 60_000,
    ackWaitMs: 2_000,
    onCommit: (t) => {
      touched.push(...t);
    },
  });
}

const statsBus = () =>
  connectBus({ url: testEndpoints.natsUrl, namespace: ns.name, name: 'stats', logger, registry: new Registry() });

/** Waits until every consumer of the ingest has nothing pending and nothing unacknowledged. */
async function drained(bus: Bus): Promise<void> {
  const jsm = await jetstreamManager(bus.connection);
  const stream = platformStreams(bus.namespace).discord.name;
  const deadline = Date.now() + 25_000;
  for (;;) {
    const infos = await Promise.all(
      INGESTED_EVENTS.map((t) => jsm.consumers.info(stream, bus.namespace.resource(`stats_${t.toLowerCase()}`))),
    );
    if (infos.every((i) => i.num_pending === 0 && i.num_ack_pending === 0)) return;
    if (Date.now() > deadline) throw new Error('the ingest did not drain the stream');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The truth for people (bots are not counted), keyed by user. */
function truthOf(from: number, to: number): Map<string, UserActivity> {
  const bots = new Set([
    botId,
    ...world
      .members(guildId, { limit: 1000 })
      .filter((m) => m.user.bot)
      .map((m) => m.user.id),
  ]);
  return new Map(
    world.truth
      .activity(guildId, from, to)
      .filter((a) => !bots.has(a.userId))
      .map((a) => [a.userId, a]),
  );
}

/** The counts compared, voice in whole ms: the truth sums seconds as floats, the store keeps ms. */
const counts = (a: Omit<UserActivity, 'userId'>) => ({
  messages: a.messages,
  edits: a.edits,
  deletions: a.deletions,
  reactionsGiven: a.reactionsGiven,
  reactionsReceived: a.reactionsReceived,
  voiceMs: Math.round(a.voiceSeconds * 1000),
  attachments: a.attachments,
});

beforeAll(async () => {
  runWorld();
  store = await createTestStore('stats_ingest');
  ns = createTestBusNamespace('stats_ingest');
  publisher = await connectBus({
    url: testEndpoints.natsUrl,
    namespace: ns.name,
    name: 'sim-gateway',
    logger,
    registry: new Registry(),
  });
  await publisher.ensureStream(platformStreams(publisher.namespace).discord);
  queries = new PgStatsQueries(store.pool);

  const all = envelopes();
  const draw = random(99);
  // A tenth again under ids of their own (the server would drop a repeated id), as a second gateway
  // connection or a replay after the duplicate window would deliver them; the envelope is unchanged.
  const again = all.filter(() => draw() < 0.1).map((e) => ({ ...e, id: `${e.id}#again` }));
  const shuffled = [...all, ...again].sort(() => draw() - 0.5);
  const half = Math.floor(shuffled.length / 2);
  await publish(shuffled.slice(0, half));

  // The first ingest takes some batches, then its connection is cut with work in hand: what it
  // committed but could not acknowledge comes again to the second one.
  ingestBus = await statsBus();
  const first = await startStatsIngest(ingestBus);
  const deadline = Date.now() + 20_000;
  while (touched.length < 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await ingestBus.connection.close();
  await first.stop();

  await publish(shuffled.slice(half));
  ingestBus = await statsBus();
  ingest = await startStatsIngest(ingestBus);
  await drained(ingestBus);
}, 60_000);

afterAll(async () => {
  traffic?.close();
  await ingest?.stop();
  await ingestBus?.close();
  await publisher?.close();
  await ns?.clear();
  await store?.close();
});

describe('ingest of simulator traffic with duplicates, reordering and a restart', () => {
  it('ran enough of everything to prove something', () => {
    const kinds = new Map<string, number>();
    for (const c of captured) kinds.set(c.t, (kinds.get(c.t) ?? 0) + 1);
    expect(kinds.get('MESSAGE_CREATE')).toBeGreaterThan(3000);
    expect(kinds.get('MESSAGE_UPDATE')).toBeGreaterThan(100);
    expect(kinds.get('MESSAGE_DELETE')).toBeGreaterThan(50);
    expect(kinds.get('MESSAGE_REACTION_ADD')).toBeGreaterThan(1500);
    expect(kinds.get('VOICE_STATE_UPDATE')).toBeGreaterThan(1000);
    expect(kinds.get('GUILD_MEMBER_ADD')).toBeGreaterThan(20);
    expect(touched.length).toBeGreaterThan(5);
  });

  it('counts every member exactly as the ground truth does', async () => {
    const truth = truthOf(START, START + RUN + 1);
    expect(truth.size).toBeGreaterThan(30);
    const window = { from: null, to: new Date(Date.now() + H) };
    for (const [userId, activity] of truth) {
      expect(counts(await queries.userStats(guildId, userId, window)), userId).toEqual(counts(activity));
    }
    const server = await queries.serverStats(guildId, window);
    expect(server.messages).toBe([...truth.values()].reduce((sum, a) => sum + a.messages, 0));
  });

  it('counts a window of the run by its own hours', async () => {
    const from = START + 12 * H;
    const to = START + 36 * H;
    const window = { from: new Date(from), to: new Date(to) };
    const truth = truthOf(from, to);
    for (const [userId, activity] of truth) {
      expect(counts(await queries.userStats(guildId, userId, window)), userId).toEqual(counts(activity));
    }
  });

  it('ranks the message leaderboard as the truth does, with the caller outside the top', async () => {
    const truth = [...truthOf(START, START + RUN + 1).values()]
      .filter((a) => a.messages > 0)
      .sort((a, b) => b.messages - a.messages || (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1));
    const rank = (value: number) => truth.filter((a) => a.messages > value).length + 1;
    const expected = truth.slice(0, 10).map((a) => ({ rank: rank(a.messages), userId: a.userId, value: a.messages }));
    const last = truth.at(-1);
    const board = await queries.leaderboard(
      guildId,
      'messages',
      { from: null, to: new Date(Date.now() + H) },
      10,
      last?.userId ?? null,
    );
    expect(board.rows).toEqual(expected);
    expect(board.caller).toEqual(
      last ? { rank: rank(last.messages), userId: last.userId, value: last.messages } : null,
    );
    expect(board.rows.map((r) => r.userId)).not.toContain(botId);
  });

  it('draws the heatmap in the guild zone as the truth hour by hour', async () => {
    const expected = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    const local = new Intl.DateTimeFormat('en-US', {
      timeZone: ZONE,
      weekday: 'short',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    for (let hour = START; hour < START + RUN + H; hour += H) {
      const messages = [...truthOf(hour, hour + H).values()].reduce((sum, a) => sum + a.messages, 0);
      const parts = local.formatToParts(new Date(hour));
      const day = days.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
      const h = Number(parts.find((p) => p.type === 'hour')?.value);
      const row = expected[day];
      if (row) row[h] = (row[h] ?? 0) + messages;
    }
    expect(await queries.heatmap(guildId, { from: null, to: new Date(Date.now() + H) }, ZONE)).toEqual(expected);
  });

  it('leaves no voice session open once every member has left', async () => {
    const open = await store.pool.query('SELECT count(*)::int AS n FROM voice_current WHERE channel_id IS NOT NULL');
    expect(open.rows[0].n).toBe(0);
  });

  it('dead-letters a malformed event with the reason, and removes the data of a member who opts out', async () => {
    const bad: Envelope = {
      v: ENVELOPE_VERSION,
      id: 'MESSAGE_CREATE:broken',
      t: 'MESSAGE_CREATE',
      shard: 0,
      seq: null,
      guildId,
      receivedAt: Date.now(),
      d: { id: 'not-a-snowflake', channel_id: '1', author: { id: '2' } },
    };
    await publisher.publish(publisher.subjects.dispatch('MESSAGE_CREATE', guildId), bad, { msgId: bad.id });
    const jsm = await jetstreamManager(publisher.connection);
    const deadLetters = platformStreams(publisher.namespace).deadLetters.name;
    let letter: Awaited<ReturnType<typeof readDeadLetter>> | undefined;
    for (let i = 0; i < 100 && !letter; i++) {
      const info = await jsm.streams.info(deadLetters).catch(() => null);
      if (info && info.state.messages > 0) {
        const stored = await jsm.streams.getMessage(deadLetters, { seq: info.state.last_seq });
        const headers: Record<string, string> = {};
        for (const key of stored?.header?.keys() ?? []) headers[key] = stored?.header.get(key) ?? '';
        letter = readDeadLetter(headers);
      } else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(letter?.reason).toMatch(/MESSAGE_CREATE: id: a snowflake is a decimal string/);

    const [top] = [...truthOf(START, START + RUN + 1).values()].sort((a, b) => b.messages - a.messages);
    const userId = top?.userId ?? '';
    await new PgGuildSettingsStore(store.pool).optOut(guildId, userId);
    for (const [table, column] of [
      ['messages', 'author_id'],
      ['reactions', 'user_id'],
      ['voice_states', 'user_id'],
      ['activity_hourly', 'user_id'],
      ['user_periods', 'user_id'],
      ['user_totals', 'user_id'],
    ] as const)
      expect(await countRows(store.pool, table, column, userId), table).toBe(0);
    const board = await queries.leaderboard(
      guildId,
      'messages',
      { from: null, to: new Date(Date.now() + H) },
      50,
      userId,
    );
    expect(board.caller).toBeNull();
    expect(board.rows.map((r) => r.userId)).not.toContain(userId);
  });
});
