import { describe, expect, it } from 'vitest';
import {
  compareVoicePoints,
  contextWindow,
  leftBeforeSnapshot,
  type VoicePiece,
  type VoicePoint,
  voiceDelta,
} from '../src/ingest/voice-sessions.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);
const CAP = 12 * H;

const state = (at: number, channelId: string | null, extra: Partial<VoicePoint> = {}): VoicePoint => ({
  at,
  ord: 0,
  channelId,
  counted: channelId !== null && channelId !== 'afk',
  muted: false,
  deafened: false,
  streaming: false,
  video: false,
  ...extra,
});

/** Total voice ms of pieces, and per hour start. */
const total = (pieces: VoicePiece[], field: keyof VoicePiece = 'voiceMs') =>
  pieces.reduce((sum, p) => sum + (p[field] as number), 0);

/** Applies states one batch at a time as the store does, returning the summed pieces per hour:channel. */
function applyInBatches(batches: VoicePoint[][], capMs = CAP): Map<string, number> {
  const stored: VoicePoint[] = [];
  const sums = new Map<string, number>();
  for (const batch of batches) {
    const { from, to } = contextWindow(batch, capMs);
    const latest = [...stored].sort(compareVoicePoints).at(-1);
    const existing = stored.filter((p) => (p.at >= from && p.at <= to) || (p === latest && p.at < from));
    const laterExists = stored.some((p) => p.at > to);
    for (const piece of voiceDelta({ existing, added: batch, laterExists, capMs })) {
      const key = `${piece.hour}:${piece.channelId}`;
      sums.set(key, (sums.get(key) ?? 0) + piece.voiceMs);
    }
    stored.push(...batch);
  }
  for (const [key, value] of sums) if (value === 0) sums.delete(key);
  return sums;
}

describe('voiceDelta', () => {
  it('counts a session from join to leave, split at hour boundaries', () => {
    const pieces = voiceDelta({
      existing: [],
      added: [state(T0 + 50 * 60_000, 'room'), state(T0 + 70 * 60_000, null)],
      laterExists: false,
      capMs: CAP,
    });
    expect(pieces.map((p) => [p.hour, p.voiceMs])).toEqual([
      [T0, 10 * 60_000],
      [T0 + H, 10 * 60_000],
    ]);
  });

  it('does not count an open session, nor time in the AFK channel', () => {
    expect(voiceDelta({ existing: [], added: [state(T0, 'room')], laterExists: false, capMs: CAP })).toEqual([]);
    const afk = voiceDelta({
      existing: [],
      added: [state(T0, 'room'), state(T0 + 60_000, 'afk'), state(T0 + 120_000, null)],
      laterExists: false,
      capMs: CAP,
    });
    expect(total(afk)).toBe(60_000);
  });

  it('gives a leave that arrives before its join the same total as in order', () => {
    const join = state(T0, 'room');
    const leave = state(T0 + 30 * 60_000, null);
    const first = voiceDelta({ existing: [], added: [leave], laterExists: false, capMs: CAP });
    expect(first).toEqual([]);
    const second = voiceDelta({ existing: [leave], added: [join], laterExists: false, capMs: CAP });
    expect(total(second)).toBe(30 * 60_000);
  });

  it('takes time back when a late state cuts a stretch (a move to AFK arriving after the leave)', () => {
    const join = state(T0, 'room');
    const leave = state(T0 + 40 * 60_000, null);
    const before = voiceDelta({ existing: [], added: [join, leave], laterExists: false, capMs: CAP });
    expect(total(before)).toBe(40 * 60_000);
    const late = voiceDelta({
      existing: [join, leave],
      added: [state(T0 + 10 * 60_000, 'afk')],
      laterExists: false,
      capMs: CAP,
    });
    expect(total(late)).toBe(-30 * 60_000);
  });

  it('counts stream, video, mute and deafen time within counted time', () => {
    const pieces = voiceDelta({
      existing: [],
      added: [
        state(T0, 'room', { streaming: true, muted: true }),
        state(T0 + 60_000, 'room', { video: true, deafened: true }),
        state(T0 + 3 * 60_000, 'afk', { muted: true }),
        state(T0 + 4 * 60_000, null),
      ],
      laterExists: false,
      capMs: CAP,
    });
    expect(total(pieces)).toBe(3 * 60_000);
    expect(total(pieces, 'streamMs')).toBe(60_000);
    expect(total(pieces, 'muteMs')).toBe(60_000);
    expect(total(pieces, 'videoMs')).toBe(2 * 60_000);
    expect(total(pieces, 'deafMs')).toBe(2 * 60_000);
  });

  it('caps a stretch with no change at capMs', () => {
    const pieces = voiceDelta({
      existing: [],
      added: [state(T0, 'room'), state(T0 + 30 * H, null)],
      laterExists: false,
      capMs: CAP,
    });
    expect(total(pieces)).toBe(CAP);
  });

  it('gives the same rollups whatever order and batching the states arrive in', () => {
    // One user's evening: join, toggles, a move to AFK and back, a leave, a second session, a stretch over the cap.
    const timeline: VoicePoint[] = [
      state(T0, 'a'),
      state(T0 + 7 * 60_000, 'a', { muted: true }),
      state(T0 + 55 * 60_000, 'b', { muted: true, streaming: true }),
      state(T0 + 61 * 60_000, 'afk'),
      state(T0 + 95 * 60_000, 'a'),
      state(T0 + 130 * 60_000, null),
      state(T0 + 5 * H, 'b'),
      state(T0 + 5 * H + 1, 'b', { video: true }),
      state(T0 + 20 * H, 'a'),
      state(T0 + 21 * H, null),
    ];
    const expected = applyInBatches([timeline]);
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let run = 0; run < 200; run++) {
      const shuffled = [...timeline].sort(() => random() - 0.5);
      const batches: VoicePoint[][] = [];
      for (let i = 0; i < shuffled.length; ) {
        const size = 1 + Math.floor(random() * 3);
        batches.push(shuffled.slice(i, i + size));
        i += size;
      }
      expect(applyInBatches(batches)).toEqual(expected);
    }
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBe(
      // a: 55 min + 35 min + 1 h; b: 6 min, 1 ms, then a stretch capped at 12 h.
      55 * 60_000 + 35 * 60_000 + H + 6 * 60_000 + 1 + CAP,
    );
  });
});

describe('leftBeforeSnapshot', () => {
  it('ends the sessions of users the snapshot no longer shows, if they began before it', () => {
    const open = [
      { userId: 'gone', at: T0, ord: 5 },
      { userId: 'still', at: T0, ord: 6 },
      { userId: 'joined-after', at: T0 + H, ord: 1 },
    ];
    expect(leftBeforeSnapshot({ at: T0 + 60_000, ord: 9, userIds: new Set(['still']) }, open)).toEqual(['gone']);
  });
});
