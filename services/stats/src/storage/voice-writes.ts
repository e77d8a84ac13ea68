import { copyRows } from '@platform/db';
import type pg from 'pg';
import { type CountingRules, countsAsVoice } from '../ingest/counting-rules.js';
import type { VoiceRow, VoiceSnapshotRow } from '../ingest/event-rows.js';
import { contextWindow, leftBeforeSnapshot, type OpenSession, voiceDelta } from '../ingest/voice-sessions.js';
import type { AfkChange, InsertCounts } from './member-writes.js';
import { type StagedVoicePoint, voiceStaging } from './staging-copies.js';

/**
 * Voice states into each user's timeline, and the voice time they add (or correct) into the deltas:
 * insert the states that are new, read the stored states around them, and let the pure timeline
 * arithmetic of voice-sessions.ts say what changed.
 */

const userKey = (guildId: string, userId: string) => `${guildId}:${userId}`;
const pointKey = (guildId: string, userId: string, at: number, ord: number) => `${guildId}:${userId}:${at}:${ord}`;

/** Open sessions (users in a channel, by their latest state) of the given guilds. */
export async function openSessions(
  client: pg.ClientBase,
  guildIds: readonly string[],
): Promise<Map<string, OpenSession[]>> {
  const result = await client.query<{ guild_id: string; user_id: string; at: string; ord: string }>(
    `SELECT guild_id, user_id, ts_ms(at) AS at, ord FROM voice_current
      WHERE guild_id = ANY($1::bigint[]) AND channel_id IS NOT NULL`,
    [guildIds],
  );
  const byGuild = new Map<string, OpenSession[]>();
  for (const row of result.rows) {
    const list = byGuild.get(row.guild_id) ?? [];
    list.push({ userId: row.user_id, at: Number(row.at), ord: Number(row.ord) });
    byGuild.set(row.guild_id, list);
  }
  return byGuild;
}

/** A snapshot as timeline states: everyone it shows in voice, and a leave for who it shows gone. */
async function snapshotStates(client: pg.ClientBase, snapshots: readonly VoiceSnapshotRow[]): Promise<VoiceRow[]> {
  if (snapshots.length === 0) return [];
  const open = await openSessions(
    client,
    snapshots.map((s) => s.guildId),
  );
  return snapshots.flatMap((snapshot) => {
    const userIds = new Set(snapshot.states.map((s) => s.userId));
    const gone = leftBeforeSnapshot({ ...snapshot, userIds }, open.get(snapshot.guildId) ?? []);
    return [
      ...snapshot.states,
      ...gone.map(
        (userId): VoiceRow => ({
          kind: 'voice',
          guildId: snapshot.guildId,
          userId,
          channelId: null,
          at: snapshot.at,
          ord: snapshot.ord,
          muted: false,
          deafened: false,
          streaming: false,
          video: false,
        }),
      ),
    ];
  });
}

function toStored(row: {
  guild_id: string;
  user_id: string;
  at: string;
  ord: string;
  channel_id: string | null;
  counted: boolean;
  muted: boolean;
  deafened: boolean;
  streaming: boolean;
  video: boolean;
}): StagedVoicePoint {
  return {
    guildId: row.guild_id,
    userId: row.user_id,
    at: Number(row.at),
    ord: Number(row.ord),
    channelId: row.channel_id,
    counted: row.counted,
    muted: row.muted,
    deafened: row.deafened,
    streaming: row.streaming,
    video: row.video,
  };
}

/**
 * Stores voice states (from VOICE_STATE_UPDATE, GUILD_CREATE snapshots and capped sessions) and
 * stages the voice time deltas of those that were new. `rulesOf` decides which channels count.
 */
export async function writeVoice(
  client: pg.ClientBase,
  events: readonly VoiceRow[],
  snapshots: readonly VoiceSnapshotRow[],
  rulesOf: (guildId: string) => CountingRules,
  capMs: number,
): Promise<InsertCounts> {
  const all = [...events, ...(await snapshotStates(client, snapshots))];
  if (all.length === 0) return { staged: 0, inserted: 0 };
  const byKey = new Map<string, StagedVoicePoint>();
  for (const row of all) {
    const key = pointKey(row.guildId, row.userId, row.at, row.ord);
    if (byKey.has(key)) continue;
    const { kind: _, ...point } = row;
    byKey.set(key, { ...point, counted: countsAsVoice(row, rulesOf(row.guildId)) });
  }
  const staged = [...byKey.values()];
  await copyRows(client, voiceStaging(staged));
  const inserted = await client.query<{ guild_id: string; user_id: string; at: string; ord: string }>(
    `INSERT INTO voice_states (guild_id, user_id, at, ord, channel_id, counted, muted, deafened, streaming, video)
     SELECT guild_id, user_id, ms_ts(at_ms), ord, channel_id, counted, muted, deafened, streaming, video
       FROM stage_voice
     ON CONFLICT DO NOTHING
     RETURNING guild_id, user_id, ts_ms(at) AS at, ord`,
  );
  const changes = new Map<string, TimelineEdit>();
  for (const row of inserted.rows) {
    const point = byKey.get(pointKey(row.guild_id, row.user_id, Number(row.at), Number(row.ord)));
    if (point) editOf(changes, point).added.push(point);
  }
  await stageVoiceTime(client, changes, capMs);
  await client.query(
    `INSERT INTO voice_current AS c (guild_id, user_id, at, ord, channel_id)
     SELECT DISTINCT ON (guild_id, user_id) guild_id, user_id, ms_ts(at_ms), ord, channel_id
       FROM stage_voice ORDER BY guild_id, user_id, at_ms DESC, ord DESC
     ON CONFLICT (guild_id, user_id) DO UPDATE SET at = excluded.at, ord = excluded.ord, channel_id = excluded.channel_id
       WHERE (c.at, c.ord) < (excluded.at, excluded.ord)`,
  );
  return { staged: all.length, inserted: inserted.rowCount ?? 0 };
}

/** What changed in one user's timeline: states added, and stored states whose `counted` flipped. */
interface TimelineEdit {
  guildId: string;
  userId: string;
  added: StagedVoicePoint[];
  recounted: StagedVoicePoint[];
}

function editOf(changes: Map<string, TimelineEdit>, point: StagedVoicePoint): TimelineEdit {
  const key = userKey(point.guildId, point.userId);
  let edit = changes.get(key);
  if (!edit) {
    edit = { guildId: point.guildId, userId: point.userId, added: [], recounted: [] };
    changes.set(key, edit);
  }
  return edit;
}

/**
 * Reads the stored states around each user's changed ones (see TimelineChange) and stages what the
 * change does to the voice rollups.
 */
async function stageVoiceTime(client: pg.ClientBase, changes: Map<string, TimelineEdit>, capMs: number) {
  if (changes.size === 0) return;
  const windows = [...changes.values()].map((edit) => ({
    guildId: edit.guildId,
    userId: edit.userId,
    ...contextWindow([...edit.added, ...edit.recounted], capMs),
  }));
  const params = [
    windows.map((w) => w.guildId),
    windows.map((w) => w.userId),
    windows.map((w) => w.from),
    windows.map((w) => w.to),
  ];
  const [context, latest] = await Promise.all([
    // The states within each window, and the latest state when it is older (an open session to close).
    client.query(
      `WITH w AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) AS w(guild_id, user_id, from_ms, to_ms)
       )
       SELECT v.guild_id, v.user_id, ts_ms(v.at) AS at, v.ord, v.channel_id, v.counted, v.muted, v.deafened,
              v.streaming, v.video
         FROM w JOIN voice_states v ON v.guild_id = w.guild_id AND v.user_id = w.user_id
                                   AND v.at >= ms_ts(w.from_ms) AND v.at <= ms_ts(w.to_ms)
       UNION ALL
       SELECT v.guild_id, v.user_id, ts_ms(v.at) AS at, v.ord, v.channel_id, v.counted, v.muted, v.deafened,
              v.streaming, v.video
         FROM w JOIN voice_current c ON c.guild_id = w.guild_id AND c.user_id = w.user_id AND c.at < ms_ts(w.from_ms)
                JOIN voice_states v ON v.guild_id = c.guild_id AND v.user_id = c.user_id AND v.at = c.at AND v.ord = c.ord`,
      params,
    ),
    // Before this batch's states are applied to it: whether anything is stored after each window.
    client.query<{ guild_id: string; user_id: string; later: boolean }>(
      `SELECT w.guild_id, w.user_id, c.at > ms_ts(w.to_ms) AS later
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) AS w(guild_id, user_id, from_ms, to_ms)
         JOIN voice_current c ON c.guild_id = w.guild_id AND c.user_id = w.user_id`,
      params,
    ),
  ]);
  // As they were before the change: without the added states, recounted ones with their old flag.
  const existing = new Map<string, StagedVoicePoint[]>();
  for (const row of context.rows) {
    const point = toStored(row);
    const key = userKey(point.guildId, point.userId);
    const edit = changes.get(key);
    const same = (p: StagedVoicePoint) => p.at === point.at && p.ord === point.ord;
    if (edit?.added.some(same)) continue;
    const list = existing.get(key) ?? [];
    list.push(edit?.recounted.some(same) ? { ...point, counted: !point.counted } : point);
    existing.set(key, list);
  }
  const later = new Set(latest.rows.filter((r) => r.later).map((r) => userKey(r.guild_id, r.user_id)));
  const deltaRows: unknown[][] = [];
  for (const [key, edit] of changes) {
    const pieces = voiceDelta({
      existing: existing.get(key) ?? [],
      added: edit.added,
      recounted: edit.recounted,
      laterExists: later.has(key),
      capMs,
    });
    for (const p of pieces)
      deltaRows.push([
        edit.guildId,
        new Date(p.hour),
        p.channelId,
        edit.userId,
        p.voiceMs,
        p.streamMs,
        p.videoMs,
        p.muteMs,
        p.deafMs,
        p.lastAt === null ? null : new Date(p.lastAt),
      ]);
  }
  if (deltaRows.length === 0) return;
  await copyRows(client, {
    table: 'delta',
    columns: [
      'guild_id',
      'hour',
      'channel_id',
      'user_id',
      'voice_ms',
      'stream_ms',
      'video_ms',
      'mute_ms',
      'deaf_ms',
      'last_at',
    ],
    rows: deltaRows,
  });
}

/**
 * Recounts the voice states stored before their guild's AFK channel was known (events that overtook
 * the first GUILD_CREATE) or since it changed, and stages the difference: time in the AFK channel
 * stops counting, time in the former AFK channel starts.
 */
export async function recountVoice(
  client: pg.ClientBase,
  afkChanges: readonly AfkChange[],
  rulesOf: (guildId: string) => CountingRules,
  capMs: number,
): Promise<void> {
  const changes = new Map<string, TimelineEdit>();
  for (const change of afkChanges) {
    const channels = [change.afkChannelId, change.previous].filter((c): c is string => c !== null);
    const result = await client.query(
      `UPDATE voice_states v SET counted = NOT v.counted
        WHERE v.guild_id = $1 AND ($2::bigint IS NULL OR v.at >= ms_ts($2)) AND v.channel_id = ANY($3::bigint[])
          AND v.counted IS DISTINCT FROM (v.channel_id IS DISTINCT FROM $4::bigint AND NOT v.channel_id = ANY($5::bigint[]))
        RETURNING v.guild_id, v.user_id, ts_ms(v.at) AS at, v.ord, v.channel_id, v.counted, v.muted, v.deafened,
                  v.streaming, v.video`,
      [change.guildId, change.since, channels, change.afkChannelId, [...rulesOf(change.guildId).excludedChannelIds]],
    );
    for (const row of result.rows) {
      const point = toStored(row);
      editOf(changes, point).recounted.push(point);
    }
  }
  await stageVoiceTime(client, changes, capMs);
}
