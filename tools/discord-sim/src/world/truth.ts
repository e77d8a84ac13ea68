import type { GroundTruth, RecordedRequest, UserActivity, WorldDispatch } from './world.js';

/** Something a user did, kept compactly (no payload) so minutes of live traffic stay small. */
export interface ActivityRecord {
  at: number;
  guildId: string;
  userId: string;
  kind: 'messages' | 'edits' | 'deletions' | 'reactionsGiven' | 'reactionsReceived' | 'attachments';
  count: number;
}

interface VoiceSession {
  guildId: string;
  userId: string;
  start: number;
  /** Null while the user is still connected. */
  end: number | null;
  afk: boolean;
}

/**
 * The ground truth of live traffic: every dispatch the world emitted (the most recent
 * `maxEvents` of them, with payloads), every REST request, and a compact record of who did what,
 * which has no cap because it is what services are checked against. At a few hundred events a
 * second the payload log holds the last few minutes in under 100 MB.
 *
 * Counting rules, chosen to be what a consumer of the gateway can observe:
 * - messages, attachments: messages a user created (system messages such as joins excluded);
 * - edits: edits of the user's messages; deletions: the user's messages deleted (by anyone);
 * - reactionsGiven / reactionsReceived: reactions added (removals are not subtracted);
 * - voiceSeconds: time connected to voice channels other than the AFK channel, clipped to the window.
 */
export class TruthLog implements GroundTruth {
  /** Payloads are kept as JSON: a fraction of the size of live objects, and immune to later mutation. */
  private log: { t: string; json: string; guildId: string | null; applicationId?: string; at: number }[] = [];
  private readonly requestLog: RecordedRequest[] = [];
  private readonly records: ActivityRecord[] = [];
  private readonly sessions: VoiceSession[] = [];
  private readonly openSessions = new Map<string, VoiceSession>();

  constructor(
    private readonly now: () => number,
    private readonly maxEvents = 50_000,
  ) {}

  recordDispatch(dispatch: WorldDispatch, at: number): void {
    const { t, d, guildId, applicationId } = dispatch;
    const entry = { t, json: JSON.stringify(d), guildId, at };
    this.log.push(applicationId ? { ...entry, applicationId } : entry);
    // Trimming in batches keeps appends O(1) amortised.
    if (this.log.length > this.maxEvents * 1.25) this.log = this.log.slice(this.log.length - this.maxEvents);
  }

  recordActivity(record: ActivityRecord): void {
    if (record.count > 0) this.records.push(record);
  }

  /** A user connected to (or moved to) a voice channel; ends any session they had open in the guild. */
  voiceConnected(guildId: string, userId: string, at: number, afk: boolean): void {
    this.voiceDisconnected(guildId, userId, at);
    const session: VoiceSession = { guildId, userId, start: at, end: null, afk };
    this.sessions.push(session);
    this.openSessions.set(`${guildId}:${userId}`, session);
  }

  voiceDisconnected(guildId: string, userId: string, at: number): void {
    const key = `${guildId}:${userId}`;
    const open = this.openSessions.get(key);
    if (!open) return;
    open.end = at;
    this.openSessions.delete(key);
  }

  activity(guildId: string, from: number, to: number): UserActivity[] {
    const byUser = new Map<string, UserActivity>();
    const entry = (userId: string) => {
      let a = byUser.get(userId);
      if (!a) {
        a = {
          userId,
          messages: 0,
          edits: 0,
          deletions: 0,
          reactionsGiven: 0,
          reactionsReceived: 0,
          voiceSeconds: 0,
          attachments: 0,
        };
        byUser.set(userId, a);
      }
      return a;
    };
    for (const r of this.records) {
      if (r.guildId !== guildId || r.at < from || r.at >= to) continue;
      entry(r.userId)[r.kind] += r.count;
    }
    const now = this.now();
    for (const s of this.sessions) {
      if (s.guildId !== guildId || s.afk) continue;
      const start = Math.max(s.start, from);
      const end = Math.min(s.end ?? Math.max(now, s.start), to);
      if (end > start) entry(s.userId).voiceSeconds += (end - start) / 1000;
    }
    return [...byUser.values()].sort((a, b) => (a.userId < b.userId ? -1 : 1));
  }

  *events(from: number, to: number): Iterable<WorldDispatch & { at: number }> {
    for (const { json, ...e } of this.log) if (e.at >= from && e.at < to) yield { ...e, d: JSON.parse(json) };
  }

  requests(): readonly RecordedRequest[] {
    return this.requestLog;
  }

  recordRequest(request: RecordedRequest): void {
    this.requestLog.push(request);
  }

  maxRequestsInWindow(botId: string, windowMs = 1000): number {
    const times = this.requestLog.filter((r) => r.botId === botId).map((r) => r.at);
    // Requests are recorded as they arrive, so this is almost always sorted already.
    for (let i = 1; i < times.length; i++) {
      if ((times[i] ?? 0) < (times[i - 1] ?? 0)) {
        times.sort((a, b) => a - b);
        break;
      }
    }
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }
}
