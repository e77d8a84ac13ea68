/**
 * What the read side (commands, HTTP API, charts) asks of the statistics store. Every query reads
 * rollups, never raw events. Windows are half-open `[from, to)`; `from: null` means all time. Rollups
 * are hourly, so a window is widened to whole UTC hours (`[floor(from), ceil(to))`).
 */
export interface StatsWindow {
  from: Date | null;
  to: Date;
}

export type LeaderboardType = 'messages' | 'voice' | 'reactions';

export interface ChannelCount {
  channelId: string;
  messages: number;
}

export interface UserStats {
  userId: string;
  messages: number;
  edits: number;
  deletions: number;
  attachments: number;
  reactionsGiven: number;
  reactionsReceived: number;
  voiceSeconds: number;
  /** Parts of voiceSeconds spent streaming, with the camera on, muted (self or server), deafened. */
  streamSeconds: number;
  videoSeconds: number;
  muteSeconds: number;
  deafSeconds: number;
  /** Rank among the guild's members for the window (1 = most); null when the user has none of it. */
  messageRank: number | null;
  voiceRank: number | null;
  topChannels: ChannelCount[];
  /** Last time the user did anything counted, epoch ms; null when never. */
  lastActiveAt: number | null;
}

export interface EmojiCount {
  /** Unicode emoji, or `name:id` for a custom one. */
  emoji: string;
  count: number;
}

export interface ServerStats {
  guildId: string;
  messages: number;
  activeUsers: number;
  voiceSeconds: number;
  reactions: number;
  joins: number;
  leaves: number;
  netGrowth: number;
  /** Members now, as last seen from GUILD_CREATE and joins/leaves. */
  memberCount: number;
  topChannels: ChannelCount[];
  topEmoji: EmojiCount[];
}

export interface LeaderboardRow {
  rank: number;
  userId: string;
  /** Messages, voice seconds or reactions given, by the board's type. */
  value: number;
}

export interface Leaderboard {
  type: LeaderboardType;
  rows: LeaderboardRow[];
  /** The caller's own place, whether or not it is among `rows`; null when the caller has none. */
  caller: LeaderboardRow | null;
}

/** Messages by weekday (0 = Monday … 6 = Sunday) and hour (0–23), in the given IANA time zone. */
export type Heatmap = number[][];

export type TimelineMetric = 'messages' | 'voice' | 'members';
export type TimelineGranularity = 'hour' | 'day';

/**
 * One bucket of a timeline. `messages` counts messages, `voice` voice seconds, `members` the members at
 * the end of the bucket (today's count less the joins and leaves since). Hour buckets are UTC hours
 * (the zone's own hours but in zones with a fractional offset).
 */
export interface TimelinePoint {
  /** Start of the bucket, epoch ms (a local midnight for days, in the given zone). */
  at: number;
  value: number;
}

export interface InactiveMember {
  userId: string;
  /** epoch ms; null when the member never did anything counted. */
  lastActiveAt: number | null;
}

export interface Retention {
  joined: number;
  /** Of those who joined in the window, how many left within `days` of joining. */
  leftWithin: number;
  days: number;
}

/** The statistics store's queries, implemented over Postgres rollups. */
export interface StatsQueries {
  userStats(guildId: string, userId: string, window: StatsWindow): Promise<UserStats>;
  serverStats(guildId: string, window: StatsWindow): Promise<ServerStats>;
  leaderboard(
    guildId: string,
    type: LeaderboardType,
    window: StatsWindow,
    limit: number,
    callerId: string | null,
  ): Promise<Leaderboard>;
  heatmap(guildId: string, window: StatsWindow, timeZone: string): Promise<Heatmap>;
  timeline(
    guildId: string,
    metric: TimelineMetric,
    window: StatsWindow,
    granularity: TimelineGranularity,
    timeZone: string,
  ): Promise<TimelinePoint[]>;
  /** Current members with no counted activity since `since`, least recently active first. */
  inactive(guildId: string, since: Date, limit: number): Promise<InactiveMember[]>;
  retention(guildId: string, window: StatsWindow, days: number): Promise<Retention>;
}

/** A guild's own settings. */
export interface GuildSettings {
  guildId: string;
  /** IANA zone for heatmaps, days and charts. */
  timeZone: string;
  excludedChannelIds: string[];
  /** Off by default: no message content is stored unless a guild turns it on. */
  storeContent: boolean;
}

export interface GuildSettingsStore {
  get(guildId: string): Promise<GuildSettings>;
  update(guildId: string, change: Partial<Omit<GuildSettings, 'guildId'>>): Promise<GuildSettings>;
  /** Removes every row about the user in the guild (raw and rollups) and stops counting them. */
  optOut(guildId: string, userId: string): Promise<void>;
  /** Counts the user again from now on (nothing removed comes back). */
  optIn(guildId: string, userId: string): Promise<void>;
  isOptedOut(guildId: string, userId: string): Promise<boolean>;
}

/**
 * What one committed batch changed: the hour buckets (epoch ms of each UTC hour start) per guild.
 * The write side reports it after commit so cached answers whose window covers those hours, and only
 * those, are invalidated.
 */
export interface TouchedHours {
  guildId: string;
  hours: number[];
  /** Users whose per-user answers changed. */
  userIds: string[];
}
