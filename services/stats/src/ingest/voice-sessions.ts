/**
 * Voice time from voice state timelines, as a pure state machine over one user's ordered states.
 *
 * Each user's timeline is the list of their observed states (join, move, mute/deafen/stream/video
 * toggle, leave, a GUILD_CREATE snapshot, a synthetic leave for a capped session). The stretch from
 * one state to the next is voice time in the state's channel when the state is counted (in a channel
 * that is neither the AFK channel nor excluded), at most `capMs` of it: a stretch longer than the cap
 * means a leave was missed. The last state of a timeline is an open session and counts nothing yet.
 *
 * A state arriving late (out of order, after a restart) cuts the stretch it falls into. Its effect on
 * the rollups is the difference between the timeline's contributions after and before it, which
 * involves only the stored states within `capMs` of the new ones ({@link contextWindow}), plus the
 * user's latest state when it lies before them (an open session that the new states close): any
 * other stretch starting further back is capped before the new state, so cutting it changes nothing.
 */

const HOUR_MS = 3_600_000;

/** One state of a user's voice timeline. */
export interface VoicePoint {
  at: number;
  /** Orders states of the same millisecond. */
  ord: number;
  channelId: string | null;
  /** Counts as voice time: in a channel, not the AFK channel, not an excluded one. */
  counted: boolean;
  muted: boolean;
  deafened: boolean;
  streaming: boolean;
  video: boolean;
}

/** Signed voice time of one user in one channel and UTC hour. */
export interface VoicePiece {
  hour: number;
  channelId: string;
  voiceMs: number;
  streamMs: number;
  videoMs: number;
  muteMs: number;
  deafMs: number;
  /** End of the latest stretch that added time; null when the piece only takes time away. */
  lastAt: number | null;
}

export interface TimelineChange {
  /**
   * The stored states within {@link contextWindow} of the added ones, and the user's latest stored
   * state if it is older than the window, before the added ones were stored.
   */
  existing: readonly VoicePoint[];
  /** States just stored (none of them among `existing`). */
  added: readonly VoicePoint[];
  /**
   * Stored states (among `existing`, by time and ord) whose `counted` changed, as they are now: the
   * AFK channel became known or changed after they were stored.
   */
  recounted?: readonly VoicePoint[];
  /** Whether a stored state lies after the window: then the window's last state is no open session. */
  laterExists: boolean;
  capMs: number;
}

export const compareVoicePoints = (a: VoicePoint, b: VoicePoint) => a.at - b.at || a.ord - b.ord;

/** The stored states that matter to `added`: those within `capMs` of them, bounds included. */
export function contextWindow(added: readonly VoicePoint[], capMs: number): { from: number; to: number } {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const point of added) {
    first = Math.min(first, point.at);
    last = Math.max(last, point.at);
  }
  return { from: first - capMs, to: last + capMs };
}

type Sums = Map<string, VoicePiece>;

/** Adds the stretch `[point.at, end)` (end finite, cap applied) hour by hour. */
function addStretch(sums: Sums, point: VoicePoint, end: number, sign: 1 | -1): void {
  if (!point.counted || point.channelId === null) return;
  let cursor = point.at;
  while (cursor < end) {
    const hour = Math.floor(cursor / HOUR_MS) * HOUR_MS;
    const pieceEnd = Math.min(end, hour + HOUR_MS);
    const ms = (pieceEnd - cursor) * sign;
    const key = `${hour}:${point.channelId}`;
    let piece = sums.get(key);
    if (!piece) {
      piece = {
        hour,
        channelId: point.channelId,
        voiceMs: 0,
        streamMs: 0,
        videoMs: 0,
        muteMs: 0,
        deafMs: 0,
        lastAt: null,
      };
      sums.set(key, piece);
    }
    piece.voiceMs += ms;
    if (point.streaming) piece.streamMs += ms;
    if (point.video) piece.videoMs += ms;
    if (point.muted) piece.muteMs += ms;
    if (point.deafened) piece.deafMs += ms;
    if (sign > 0) piece.lastAt = Math.max(piece.lastAt ?? pieceEnd, pieceEnd);
    cursor = pieceEnd;
  }
}

/** Adds (or with -1 takes away) the stretches of a sorted timeline. */
function addTimeline(sums: Sums, timeline: readonly VoicePoint[], laterExists: boolean, capMs: number, sign: 1 | -1) {
  timeline.forEach((point, i) => {
    const next = timeline[i + 1];
    // Past the window the next state is more than capMs away, so the cap decides the end.
    const end = next ? next.at : laterExists ? Number.POSITIVE_INFINITY : null;
    if (end !== null) addStretch(sums, point, Math.min(end, point.at + capMs), sign);
  });
}

/**
 * What adding (or recounting) states of a timeline changes in the rollups: per hour and channel, the
 * voice time (and its stream, video, mute and deafen parts) after minus before. Zero pieces are left out.
 */
export function voiceDelta(change: TimelineChange): VoicePiece[] {
  const before = [...change.existing].sort(compareVoicePoints);
  const now = new Map((change.recounted ?? []).map((p) => [`${p.at}:${p.ord}`, p]));
  const after = [...change.existing.map((p) => now.get(`${p.at}:${p.ord}`) ?? p), ...change.added].sort(
    compareVoicePoints,
  );
  const sums: Sums = new Map();
  addTimeline(sums, after, change.laterExists, change.capMs, 1);
  addTimeline(sums, before, change.laterExists, change.capMs, -1);
  return [...sums.values()].filter(
    (p) => p.voiceMs !== 0 || p.streamMs !== 0 || p.videoMs !== 0 || p.muteMs !== 0 || p.deafMs !== 0,
  );
}

/** A user's open session as the store holds it: their latest state, in a channel. */
export interface OpenSession {
  userId: string;
  at: number;
  ord: number;
}

/**
 * The users a GUILD_CREATE snapshot shows out of voice although the store has them in a session that
 * began before it: they left while nobody listened, so their session ends at the snapshot.
 */
export function leftBeforeSnapshot(
  snapshot: { at: number; ord: number; userIds: ReadonlySet<string> },
  open: readonly OpenSession[],
): string[] {
  return open
    .filter(
      (s) => !snapshot.userIds.has(s.userId) && (s.at < snapshot.at || (s.at === snapshot.at && s.ord < snapshot.ord)),
    )
    .map((s) => s.userId);
}

/** Where a session with no change for `capMs` is closed: its latest state plus the cap. */
export function cappedSessionEnd(open: OpenSession, capMs: number): number {
  return open.at + capMs;
}

/** The `ord` of a synthetic leave: before any real state of the same millisecond. */
export const SYNTHETIC_ORD = -1;
