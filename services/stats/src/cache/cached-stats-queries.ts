import type { CacheAside } from '@platform/cache';
import type { Logger } from 'pino';
import type {
  Heatmap,
  InactiveMember,
  Leaderboard,
  LeaderboardType,
  Retention,
  ServerStats,
  StatsQueries,
  StatsWindow,
  TimelineGranularity,
  TimelineMetric,
  TimelinePoint,
  TouchedHours,
  UserStats,
} from '../queries/stats-queries.js';
import { windowEnd } from '../window/lookback.js';
import { DAY_MS } from '../window/zoned-time.js';
import { guildTag, touchedTags, windowTags } from './window-tags.js';

/** The query caches, one per query so their hits and misses are told apart in `cache_*{cache}`. */
export interface AnswerCaches {
  userStats: CacheAside;
  serverStats: CacheAside;
  leaderboard: CacheAside;
  heatmap: CacheAside;
  timeline: CacheAside;
  inactive: CacheAside;
  retention: CacheAside;
}

export interface CachedStatsQueriesOptions {
  queries: StatsQueries;
  caches: AnswerCaches;
  /** Bounds memory only: invalidation, not expiry, keeps answers right. */
  ttlSeconds: number;
  logger?: Logger;
  now?: () => number;
}

const windowKey = (w: StatsWindow) => `${w.from?.getTime() ?? 'all'}:${w.to.getTime()}`;

/**
 * The statistics queries through Redis: each answer is keyed by guild, query, parameters and window,
 * and tagged with the time buckets its window covers ({@link windowTags}), so an ingest commit
 * invalidates only the answers whose windows contain an hour it touched.
 */
export class CachedStatsQueries implements StatsQueries {
  readonly #queries: StatsQueries;
  readonly #caches: AnswerCaches;
  readonly #ttlSeconds: number;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;

  constructor(options: CachedStatsQueriesOptions) {
    this.#queries = options.queries;
    this.#caches = options.caches;
    this.#ttlSeconds = options.ttlSeconds;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
  }

  userStats(guildId: string, userId: string, window: StatsWindow): Promise<UserStats> {
    return this.#caches.userStats.get(
      `${guildId}:${userId}:${windowKey(window)}`,
      () => this.#queries.userStats(guildId, userId, window),
      this.#options(guildId, window),
    );
  }

  serverStats(guildId: string, window: StatsWindow): Promise<ServerStats> {
    return this.#caches.serverStats.get(
      `${guildId}:${windowKey(window)}`,
      () => this.#queries.serverStats(guildId, window),
      this.#options(guildId, window),
    );
  }

  leaderboard(
    guildId: string,
    type: LeaderboardType,
    window: StatsWindow,
    limit: number,
    callerId: string | null,
  ): Promise<Leaderboard> {
    return this.#caches.leaderboard.get(
      `${guildId}:${type}:${limit}:${callerId ?? '-'}:${windowKey(window)}`,
      () => this.#queries.leaderboard(guildId, type, window, limit, callerId),
      this.#options(guildId, window),
    );
  }

  heatmap(guildId: string, window: StatsWindow, timeZone: string): Promise<Heatmap> {
    return this.#caches.heatmap.get(
      `${guildId}:${timeZone}:${windowKey(window)}`,
      () => this.#queries.heatmap(guildId, window, timeZone),
      this.#options(guildId, window),
    );
  }

  timeline(
    guildId: string,
    metric: TimelineMetric,
    window: StatsWindow,
    granularity: TimelineGranularity,
    timeZone: string,
  ): Promise<TimelinePoint[]> {
    return this.#caches.timeline.get(
      `${guildId}:${metric}:${granularity}:${timeZone}:${windowKey(window)}`,
      () => this.#queries.timeline(guildId, metric, window, granularity, timeZone),
      this.#options(guildId, window),
    );
  }

  inactive(guildId: string, since: Date, limit: number): Promise<InactiveMember[]> {
    // Anyone active from `since` on leaves the answer, so it covers everything up to now; the key names the
    // hour it was computed in, because its tags cannot cover hours after that.
    const covered = { from: since, to: new Date(windowEnd(this.#now())) };
    return this.#caches.inactive.get(
      `${guildId}:${since.getTime()}:${limit}:${covered.to.getTime()}`,
      () => this.#queries.inactive(guildId, since, limit),
      this.#options(guildId, covered),
    );
  }

  retention(guildId: string, window: StatsWindow, days: number): Promise<Retention> {
    // A member who joined inside the window may leave up to `days` after its end.
    const covered = { from: window.from, to: new Date(window.to.getTime() + days * DAY_MS) };
    return this.#caches.retention.get(
      `${guildId}:${days}:${windowKey(window)}`,
      () => this.#queries.retention(guildId, window, days),
      this.#options(guildId, covered),
    );
  }

  /** After an ingest commit: drops the answers whose windows cover a touched hour, and only those. */
  async invalidateTouched(...touched: TouchedHours[]): Promise<boolean> {
    const tags = [...new Set(touched.flatMap(touchedTags))];
    if (tags.length === 0) return true;
    return this.#invalidate(tags);
  }

  /** After a settings change (zone, excluded channels, an opt-out): every answer of the guild. */
  invalidateGuild(guildId: string): Promise<boolean> {
    return this.#invalidate([guildTag(guildId)]);
  }

  async #invalidate(tags: string[]): Promise<boolean> {
    const done = await Promise.all(Object.values(this.#caches).map((cache) => cache.invalidateTags(...tags)));
    if (done.every(Boolean)) return true;
    // Redis is away: gets load directly meanwhile, but answers stored before may be served until their TTL.
    this.#logger?.warn({ tags: tags.length }, 'cache invalidation failed; cached answers may be stale until their TTL');
    return false;
  }

  #options(guildId: string, window: StatsWindow) {
    return { ttlSeconds: this.#ttlSeconds, tags: windowTags(guildId, window) };
  }
}
