import type { StatsWindow } from '../queries/stats-queries.js';

/**
 * Which rollup rows answer a window. Rollups exist per hour ('h'), UTC day ('d') and UTC month ('m'),
 * plus all time. A window, widened to whole hours (`[floor(from), ceil(to))`), is covered by its whole
 * months, then the whole days outside them, then the hours at its edges: a 30-day window reads at most
 * 30 day rows and 46 hour rows per key instead of 720 hour rows, a year about 12 month rows.
 */

export type Period = 'h' | 'd' | 'm';

/** Rows of `period` whose start lies in `[from, to)`, epoch ms. */
export interface CoverRange {
  period: Period;
  from: number;
  to: number;
}

export type Cover = { allTime: true } | { allTime: false; ranges: CoverRange[] };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The first day Discord data can have; a window from null that ends in the past starts here. */
export const DISCORD_EPOCH_MS = Date.UTC(2015, 0, 1);

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;

function ceilMonth(ms: number): number {
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return start === ms ? ms : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function floorMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/**
 * The cover of `window` at `now`. All time (`from` null, ending now or later) is the all-time rows.
 */
export function coverOf(window: StatsWindow, now: number): Cover {
  const toMs = window.to.getTime();
  if (window.from === null && toMs >= now) return { allTime: true };
  const from = floorTo(window.from?.getTime() ?? DISCORD_EPOCH_MS, HOUR_MS);
  const to = ceilTo(toMs, HOUR_MS);
  const ranges: CoverRange[] = [];
  const add = (period: Period, start: number, end: number) => {
    if (start < end) ranges.push({ period, from: start, to: end });
  };
  const firstDay = ceilTo(from, DAY_MS);
  const lastDay = floorTo(to, DAY_MS);
  if (firstDay >= lastDay) {
    add('h', from, to);
    return { allTime: false, ranges };
  }
  add('h', from, firstDay);
  add('h', lastDay, to);
  const firstMonth = ceilMonth(firstDay);
  const lastMonth = floorMonth(lastDay);
  if (firstMonth >= lastMonth) {
    add('d', firstDay, lastDay);
  } else {
    add('d', firstDay, firstMonth);
    add('d', lastMonth, lastDay);
    add('m', firstMonth, lastMonth);
  }
  return { allTime: false, ranges };
}

/** The cover as the three parallel arrays the queries unnest: periods, range starts, range ends. */
export function coverArrays(ranges: readonly CoverRange[]): [string[], number[], number[]] {
  return [ranges.map((r) => r.period), ranges.map((r) => r.from), ranges.map((r) => r.to)];
}
