import type { StatsQueries, StatsWindow } from '@platform/stats/src/queries/stats-queries.js';
import { percentile } from '../stats.js';
import { STATS_GUILD, statsUser } from './stats-events.js';

const DAY_MS = 86_400_000;

export interface QueryTiming {
  query: string;
  window: '30d' | 'all';
  p50Ms: number;
  p95Ms: number;
  samples: number;
}

/** Each query the commands make, at a 30-day window and all time, ending at `endMs`. */
function queryCases(queries: StatsQueries, endMs: number, userRank: () => number) {
  const to = new Date(endMs);
  const windows: [QueryTiming['window'], StatsWindow][] = [
    ['30d', { from: new Date(endMs - 30 * DAY_MS), to }],
    ['all', { from: null, to }],
  ];
  const cases: { query: string; window: QueryTiming['window']; run: () => Promise<unknown> }[] = [];
  for (const [window, w] of windows) {
    const since = w.from ?? new Date(endMs - DAY_MS);
    cases.push(
      { query: 'user stats', window, run: () => queries.userStats(STATS_GUILD, statsUser(userRank()), w) },
      { query: 'server stats', window, run: () => queries.serverStats(STATS_GUILD, w) },
      ...(['messages', 'voice', 'reactions'] as const).map((type) => ({
        query: `leaderboard ${type}`,
        window,
        run: () => queries.leaderboard(STATS_GUILD, type, w, 10, statsUser(userRank())),
      })),
      { query: 'heatmap', window, run: () => queries.heatmap(STATS_GUILD, w, 'Europe/Paris') },
      {
        query: 'timeline messages/day',
        window,
        run: () => queries.timeline(STATS_GUILD, 'messages', w, 'day', 'Europe/Paris'),
      },
      // All time for inactive: no activity in the last day, the widest list the store keeps.
      { query: 'inactive', window, run: () => queries.inactive(STATS_GUILD, since, 50) },
    );
  }
  return cases;
}

/**
 * p50 and p95 of each query over `samples` calls after `warmup` ones, one at a time. Users are drawn
 * from `users` of every activity rank; with a cache in front, the warm-up leaves every one of them cached.
 */
export async function timeQueries(
  queries: StatsQueries,
  endMs: number,
  options: { samples: number; warmup: number; users: number },
): Promise<QueryTiming[]> {
  let draw = 0;
  // Ranks spread over the guild, busiest to quietest, cycled so the warm-up covers each.
  const userRank = () => Math.floor(((draw++ % options.users) * 5000) / options.users);
  const timings: QueryTiming[] = [];
  for (const { query, window, run } of queryCases(queries, endMs, userRank)) {
    for (let i = 0; i < Math.max(options.warmup, options.users); i++) await run();
    const times = new Float64Array(options.samples);
    for (let i = 0; i < options.samples; i++) {
      const started = performance.now();
      await run();
      times[i] = performance.now() - started;
    }
    times.sort();
    timings.push({ query, window, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), samples: times.length });
  }
  return timings;
}
