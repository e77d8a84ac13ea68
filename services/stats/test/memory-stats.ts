import type { UserDayExport, UserDayRow } from '../src/http/user-days.js';
import type {
  GuildSettings,
  GuildSettingsStore,
  Heatmap,
  InactiveMember,
  Leaderboard,
  LeaderboardRow,
  LeaderboardType,
  Retention,
  ServerStats,
  StatsQueries,
  StatsWindow,
  TimelineGranularity,
  TimelineMetric,
  TimelinePoint,
  UserStats,
} from '../src/queries/stats-queries.js';
import { wallClock, weekdayIn, zonedMidnight } from '../src/window/zoned-time.js';

/** One counted thing, at its own time. */
export interface Activity {
  guildId: string;
  userId: string;
  channelId: string;
  at: number;
  messages?: number;
  voiceSeconds?: number;
  reactionsGiven?: number;
}

/**
 * A test double of the statistics store, computed from a list of activities, so command, rendering and
 * cache tests see answers that follow the data. Not a model of the Postgres store (that one has its own tests).
 */
export class MemoryStats implements StatsQueries {
  readonly activity: Activity[] = [];
  readonly members = new Map<string, Set<string>>();
  /** Calls that reached this store, by query: a cached answer does not count. */
  readonly calls: Record<string, number> = {};

  add(...items: Activity[]): void {
    for (const item of items) {
      this.activity.push(item);
      this.join(item.guildId, item.userId);
    }
  }

  join(guildId: string, userId: string): void {
    const set = this.members.get(guildId) ?? new Set<string>();
    set.add(userId);
    this.members.set(guildId, set);
  }

  #count(query: string) {
    this.calls[query] = (this.calls[query] ?? 0) + 1;
  }

  #in(guildId: string, w: StatsWindow): Activity[] {
    const from = w.from?.getTime() ?? Number.NEGATIVE_INFINITY;
    return this.activity.filter((a) => a.guildId === guildId && a.at >= from && a.at < w.to.getTime());
  }

  #board(guildId: string, type: LeaderboardType, w: StatsWindow): LeaderboardRow[] {
    const field = type === 'messages' ? 'messages' : type === 'voice' ? 'voiceSeconds' : 'reactionsGiven';
    const totals = new Map<string, number>();
    for (const a of this.#in(guildId, w)) totals.set(a.userId, (totals.get(a.userId) ?? 0) + (a[field] ?? 0));
    return [...totals]
      .filter(([, value]) => value > 0)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([userId, value], i) => ({ rank: i + 1, userId, value }));
  }

  async userStats(guildId: string, userId: string, w: StatsWindow): Promise<UserStats> {
    this.#count('userStats');
    const mine = this.#in(guildId, w).filter((a) => a.userId === userId);
    const sum = (f: 'messages' | 'voiceSeconds' | 'reactionsGiven') => mine.reduce((s, a) => s + (a[f] ?? 0), 0);
    const channels = new Map<string, number>();
    for (const a of mine) channels.set(a.channelId, (channels.get(a.channelId) ?? 0) + (a.messages ?? 0));
    return {
      userId,
      messages: sum('messages'),
      edits: 0,
      deletions: 0,
      attachments: 0,
      reactionsGiven: sum('reactionsGiven'),
      reactionsReceived: 0,
      voiceSeconds: sum('voiceSeconds'),
      streamSeconds: 0,
      videoSeconds: 0,
      muteSeconds: 0,
      deafSeconds: 0,
      messageRank: this.#board(guildId, 'messages', w).find((r) => r.userId === userId)?.rank ?? null,
      voiceRank: this.#board(guildId, 'voice', w).find((r) => r.userId === userId)?.rank ?? null,
      topChannels: [...channels].map(([channelId, messages]) => ({ channelId, messages })),
      lastActiveAt: mine.length > 0 ? Math.max(...mine.map((a) => a.at)) : null,
    };
  }

  async serverStats(guildId: string, w: StatsWindow): Promise<ServerStats> {
    this.#count('serverStats');
    const all = this.#in(guildId, w);
    return {
      guildId,
      messages: all.reduce((s, a) => s + (a.messages ?? 0), 0),
      activeUsers: new Set(all.map((a) => a.userId)).size,
      voiceSeconds: all.reduce((s, a) => s + (a.voiceSeconds ?? 0), 0),
      reactions: all.reduce((s, a) => s + (a.reactionsGiven ?? 0), 0),
      joins: 0,
      leaves: 0,
      netGrowth: 0,
      memberCount: this.members.get(guildId)?.size ?? 0,
      topChannels: [],
      topEmoji: [{ emoji: '🎉', count: 3 }],
    };
  }

  async leaderboard(
    guildId: string,
    type: LeaderboardType,
    w: StatsWindow,
    limit: number,
    callerId: string | null,
  ): Promise<Leaderboard> {
    this.#count('leaderboard');
    const rows = this.#board(guildId, type, w);
    return { type, rows: rows.slice(0, limit), caller: rows.find((r) => r.userId === callerId) ?? null };
  }

  async heatmap(guildId: string, w: StatsWindow, timeZone: string): Promise<Heatmap> {
    this.#count('heatmap');
    const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const a of this.#in(guildId, w)) {
      const row = grid[weekdayIn(a.at, timeZone)];
      const hour = wallClock(a.at, timeZone).hour;
      if (row) row[hour] = (row[hour] ?? 0) + (a.messages ?? 0);
    }
    return grid;
  }

  async timeline(
    guildId: string,
    metric: TimelineMetric,
    w: StatsWindow,
    granularity: TimelineGranularity,
    timeZone: string,
  ): Promise<TimelinePoint[]> {
    this.#count('timeline');
    const buckets = new Map<number, number>();
    for (const a of this.#in(guildId, w)) {
      const c = wallClock(a.at, timeZone);
      const at =
        granularity === 'day'
          ? zonedMidnight(c.year, c.month, c.day, timeZone)
          : Math.floor(a.at / 3_600_000) * 3_600_000;
      const value = metric === 'messages' ? (a.messages ?? 0) : metric === 'voice' ? (a.voiceSeconds ?? 0) : 1;
      buckets.set(at, (buckets.get(at) ?? 0) + value);
    }
    return [...buckets].sort((x, y) => x[0] - y[0]).map(([at, value]) => ({ at, value }));
  }

  async inactive(guildId: string, since: Date, limit: number): Promise<InactiveMember[]> {
    this.#count('inactive');
    const last = new Map<string, number | null>();
    for (const userId of this.members.get(guildId) ?? []) last.set(userId, null);
    for (const a of this.activity)
      if (a.guildId === guildId) last.set(a.userId, Math.max(last.get(a.userId) ?? 0, a.at));
    return [...last]
      .filter(([, at]) => at === null || at < since.getTime())
      .sort((x, y) => (x[1] ?? 0) - (y[1] ?? 0))
      .slice(0, limit)
      .map(([userId, lastActiveAt]) => ({ userId, lastActiveAt }));
  }

  async retention(_guildId: string, _w: StatsWindow, days: number): Promise<Retention> {
    this.#count('retention');
    return { joined: 4, leftWithin: 1, days };
  }
}

/** Settings kept in a map; opting out removes the member's activity from the given store, as the real one does. */
export class MemorySettings implements GuildSettingsStore {
  readonly #settings = new Map<string, GuildSettings>();
  readonly #optedOut = new Set<string>();

  constructor(private readonly stats?: MemoryStats) {}

  async get(guildId: string): Promise<GuildSettings> {
    return this.#settings.get(guildId) ?? { guildId, timeZone: 'UTC', excludedChannelIds: [], storeContent: false };
  }

  async update(guildId: string, change: Partial<Omit<GuildSettings, 'guildId'>>): Promise<GuildSettings> {
    const updated = { ...(await this.get(guildId)), ...change };
    this.#settings.set(guildId, updated);
    return updated;
  }

  async optOut(guildId: string, userId: string): Promise<void> {
    this.#optedOut.add(`${guildId}:${userId}`);
    const kept = this.stats?.activity.filter((a) => !(a.guildId === guildId && a.userId === userId)) ?? [];
    this.stats?.activity.splice(0, this.stats.activity.length, ...kept);
  }

  async optIn(guildId: string, userId: string): Promise<void> {
    this.#optedOut.delete(`${guildId}:${userId}`);
  }

  async isOptedOut(guildId: string, userId: string): Promise<boolean> {
    return this.#optedOut.has(`${guildId}:${userId}`);
  }
}

/** The export over the same activities, per UTC day and user, oldest first. */
export class MemoryUserDays implements UserDayExport {
  constructor(private readonly stats: MemoryStats) {}

  async *userDays(guildId: string, w: StatsWindow): AsyncIterable<UserDayRow> {
    const rows = new Map<string, UserDayRow>();
    const from = Math.floor((w.from?.getTime() ?? 0) / 86_400_000) * 86_400_000;
    const to = Math.ceil(w.to.getTime() / 86_400_000) * 86_400_000;
    for (const a of this.stats.activity) {
      if (a.guildId !== guildId || a.at < from || a.at >= to) continue;
      const day = new Date(a.at).toISOString().slice(0, 10);
      const key = `${day}:${a.userId}`;
      const row = rows.get(key) ?? { ...ZERO_DAY, day, userId: a.userId };
      row.messages += a.messages ?? 0;
      row.voiceSeconds += a.voiceSeconds ?? 0;
      row.reactionsGiven += a.reactionsGiven ?? 0;
      rows.set(key, row);
    }
    yield* [...rows.values()].sort((x, y) => x.day.localeCompare(y.day) || x.userId.localeCompare(y.userId));
  }
}

const ZERO_DAY = {
  messages: 0,
  edits: 0,
  deletions: 0,
  attachments: 0,
  reactionsGiven: 0,
  reactionsReceived: 0,
  voiceSeconds: 0,
  streamSeconds: 0,
  videoSeconds: 0,
  muteSeconds: 0,
  deafSeconds: 0,
};
