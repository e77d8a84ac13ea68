import type pg from 'pg';
import { applyRules, type CountingRules, DEFAULT_RULES, type EventOutcome } from '../ingest/counting-rules.js';
import type { EventRow, MappedEvent, VoiceRow } from '../ingest/event-rows.js';
import { cappedSessionEnd, SYNTHETIC_ORD } from '../ingest/voice-sessions.js';
import type { TouchedHours } from '../queries/stats-queries.js';
import { lockGuilds } from './guild-lock.js';
import {
  type InsertCounts,
  readCountingRules,
  writeBots,
  writeGuildFacts,
  writeJoinsAndLeaves,
  writePresence,
} from './member-writes.js';
import { writeDeletes, writeEdits, writeMessages, writeReactions } from './message-writes.js';
import { DAY_MS, dayOf, type PartitionNeeds, RAW_TABLES, RawPartitions, type RawTable } from './raw-partitions.js';
import { applyDeltas, touchedHours } from './rollup-writes.js';
import { withStaging } from './staging.js';
import { recountVoice, writeVoice } from './voice-writes.js';

export interface StatsWriterOptions {
  pool: pg.Pool;
  /** Raw events older than this are not stored (nor counted: nothing would make them count once). */
  rawRetentionMs: number;
  /** A voice session with no change for this long is closed at this length. */
  voiceSessionCapMs: number;
  now?: () => number;
}

/** What the rows of one kind did: staged (as delivered, duplicates included) and newly inserted. */
export type RowCounts = Record<'messages' | 'edits' | 'deletions' | 'reactions' | 'voice' | 'members', InsertCounts>;

export interface WriteResult {
  /** For each event given, in order. */
  outcomes: EventOutcome[];
  rows: RowCounts;
  /** Per guild, the hours and users whose answers changed. */
  touched: TouchedHours[];
  partitionsCreated: string[];
}

/** The time a row keeps in its raw table's partitioning, if it has a raw table. */
function rawDay(row: EventRow): [RawTable, number] | null {
  switch (row.kind) {
    case 'message':
      return ['messages', dayOf(row.at)];
    case 'delete':
      return ['messages', dayOf(row.createdAt)];
    case 'edit':
      return ['message_edits', dayOf(row.at)];
    case 'reaction':
      return ['reactions', dayOf(row.at)];
    case 'voice':
    case 'voiceSnapshot':
      return ['voice_states', dayOf(row.at)];
    default:
      return null;
  }
}

const none = (): InsertCounts => ({ staged: 0, inserted: 0 });
const emptyCounts = (): RowCounts => ({
  messages: none(),
  edits: none(),
  deletions: none(),
  reactions: none(),
  voice: none(),
  members: none(),
});

function byKind<K extends EventRow['kind']>(rows: readonly EventRow[], kind: K): Extract<EventRow, { kind: K }>[] {
  return rows.filter((row): row is Extract<EventRow, { kind: K }> => row.kind === kind);
}

/**
 * Writes batches of mapped events to Postgres, each batch in one transaction: raw rows keyed by the
 * events' identities (so a redelivered event inserts nothing), and rollups incremented by exactly the
 * rows inserted. Holds each guild's write lock for the transaction.
 */
export class StatsWriter {
  readonly partitions: RawPartitions;
  private readonly now: () => number;

  constructor(private readonly options: StatsWriterOptions) {
    this.partitions = new RawPartitions(options.pool);
    this.now = options.now ?? Date.now;
  }

  /** The oldest time a raw row may have: midnight of the first day kept. */
  horizon(): number {
    return dayOf(this.now() - this.options.rawRetentionMs);
  }

  async write(events: readonly MappedEvent[]): Promise<WriteResult> {
    if (events.length === 0) return { outcomes: [], rows: emptyCounts(), touched: [], partitionsCreated: [] };
    const horizon = this.horizon();
    const needs: PartitionNeeds = new Map();
    const guildIds = new Set<string>();
    for (const event of events) {
      for (const row of event.rows) {
        if (row.kind !== 'bot') guildIds.add(row.guildId);
        const raw = rawDay(row);
        if (!raw || raw[1] < horizon) continue;
        const days = needs.get(raw[0]) ?? new Set<number>();
        days.add(raw[1]);
        needs.set(raw[0], days);
      }
    }
    const partitionsCreated = await this.partitions.ensure(needs);
    const result = await withStaging(
      this.options.pool,
      (client) => this.writeIn(client, events, [...guildIds], horizon),
      { retries: 3 },
    );
    return { ...result, partitionsCreated };
  }

  private async writeIn(
    client: pg.PoolClient,
    events: readonly MappedEvent[],
    guildIds: string[],
    horizon: number,
  ): Promise<Omit<WriteResult, 'partitionsCreated'>> {
    await lockGuilds(client, guildIds);
    const all = events.flatMap((e) => e.rows);
    // Facts first: the AFK channel and the bots decide how the rest counts.
    await writeBots(client, byKind(all, 'bot'));
    const afkChanges = await writeGuildFacts(client, byKind(all, 'guild'));
    const rules = await readCountingRules(client, guildIds);
    const rulesOf = (guildId: string): CountingRules => rules.get(guildId) ?? DEFAULT_RULES;
    await recountVoice(client, afkChanges, rulesOf, this.options.voiceSessionCapMs);
    const filtered = events.map((event) => applyRules(event, rulesOf, horizon));
    const rows = filtered.flatMap((f) => f.rows);
    const joinsAndLeaves = [...byKind(rows, 'join'), ...byKind(rows, 'leave')];
    await writePresence(client, [...byKind(rows, 'member'), ...joinsAndLeaves]);
    const counts: RowCounts = {
      messages: await writeMessages(client, byKind(rows, 'message')),
      edits: await writeEdits(client, byKind(rows, 'edit')),
      deletions: await writeDeletes(client, byKind(rows, 'delete')),
      reactions: await writeReactions(client, byKind(rows, 'reaction')),
      voice: await writeVoice(
        client,
        byKind(rows, 'voice'),
        byKind(rows, 'voiceSnapshot'),
        rulesOf,
        this.options.voiceSessionCapMs,
      ),
      members: await writeJoinsAndLeaves(client, joinsAndLeaves),
    };
    await applyDeltas(client, { perUser: true });
    return { outcomes: filtered.map((f) => f.outcome), rows: counts, touched: await touchedHours(client) };
  }

  /**
   * Closes the sessions with no change for longer than the cap (a leave was missed), with a leave at
   * the cap's end; a state that turns up later still lands in the right place of the timeline.
   */
  async closeCappedSessions(limit = 10_000): Promise<WriteResult & { closed: number }> {
    const cap = this.options.voiceSessionCapMs;
    const result = await this.options.pool.query<{ guild_id: string; user_id: string; at: string; ord: string }>(
      `SELECT guild_id, user_id, ts_ms(at) AS at, ord FROM voice_current
        WHERE channel_id IS NOT NULL AND at < ms_ts($1) ORDER BY at LIMIT $2`,
      [this.now() - cap, limit],
    );
    const rows = result.rows.map(
      (row): VoiceRow => ({
        kind: 'voice',
        guildId: row.guild_id,
        userId: row.user_id,
        channelId: null,
        at: cappedSessionEnd({ userId: row.user_id, at: Number(row.at), ord: Number(row.ord) }, cap),
        ord: SYNTHETIC_ORD,
        muted: false,
        deafened: false,
        streaming: false,
        video: false,
      }),
    );
    const written = await this.write(rows.length > 0 ? [{ type: 'VOICE_SESSION_CAP', rows, ignored: null }] : []);
    return { ...written, closed: rows.length };
  }

  /** Creates the partitions of yesterday to the day after tomorrow, and drops those past retention. */
  async maintainPartitions(): Promise<{ created: string[]; dropped: string[] }> {
    const today = dayOf(this.now());
    const days = new Set([today - DAY_MS, today, today + DAY_MS, today + 2 * DAY_MS]);
    const created = await this.partitions.ensure(new Map(RAW_TABLES.map((t) => [t, days])));
    const dropped = await this.partitions.dropBefore(this.horizon());
    return { created, dropped };
  }
}
