import type { StatsWindow } from '../queries/stats-queries.js';
import { InvalidOptionError } from './invalid-option-error.js';
import { DAY_MS, HOUR_MS, zonedMidnight } from './zoned-time.js';

/** How far back an answer looks: the last N days, since a date, or all time. */
export type Lookback = { kind: 'days'; days: number } | { kind: 'since'; since: SinceDate } | { kind: 'all' };

/** A local date (midnight in the guild's zone) or an exact instant. */
export type SinceDate = { date: { year: number; month: number; day: number } } | { instant: number };

/** The options as a command or a query string gives them, before any check. */
export interface LookbackInput {
  days?: number | undefined;
  since?: string | undefined;
  all?: boolean | undefined;
}

/** About a hundred years: beyond it a "days" value is a typo, not a lookback. */
export const MAX_DAYS = 36_500;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must say its offset: a bare local time would silently mean the server's zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

// The earliest clocks on Earth (UTC+14) reach a date 14 hours before UTC does.
const EARLIEST_OFFSET_MS = 14 * HOUR_MS;

/**
 * Checks the lookback options without the guild's zone: at most one of them, days a whole number from 1
 * to {@link MAX_DAYS}, since a real date (`2025-01-31`) or an instant with its offset, not in the future
 * anywhere on Earth at `now`. None given means the last `defaultDays` days. Throws {@link InvalidOptionError}.
 */
export function parseLookback(input: LookbackInput, defaultDays: number, now: number): Lookback {
  const given = (['days', 'since', 'all'] as const).filter((name) =>
    name === 'all' ? input.all === true : input[name] !== undefined,
  );
  if (given.length > 1) throw new InvalidOptionError(given[1] ?? 'days', `Give only one of ${given.join(' and ')}.`);
  if (input.all === true) return { kind: 'all' };
  if (input.since !== undefined) {
    const since = parseSince(input.since.trim());
    const earliest = 'instant' in since ? since.instant : utcMidnight(since) - EARLIEST_OFFSET_MS;
    if (earliest > now) throw futureSince(since);
    return { kind: 'since', since };
  }
  return { kind: 'days', days: checkDays(input.days, defaultDays) };
}

/** A number of days from 1 to {@link MAX_DAYS}, `fallback` when not given. Throws {@link InvalidOptionError}. */
export function checkDays(days: number | undefined, fallback: number): number {
  const value = days ?? fallback;
  if (!Number.isInteger(value)) throw new InvalidOptionError('days', `days must be a whole number, not ${value}.`);
  if (value < 1) throw new InvalidOptionError('days', `days must be at least 1, not ${value}.`);
  if (value > MAX_DAYS) throw new InvalidOptionError('days', `days must be at most ${MAX_DAYS}, not ${value}.`);
  return value;
}

function parseSince(text: string): SinceDate {
  const date = DATE.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day)
      return { date: { year, month, day } };
    throw new InvalidOptionError('since', `since: ${text} is not a date of the calendar.`);
  }
  const instant = INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(instant))
    throw new InvalidOptionError(
      'since',
      `since must be a date such as 2025-01-31 (or an instant with its offset, 2025-01-31T18:00:00Z), not "${text}".`,
    );
  return { instant };
}

/** The end of every window: the end of the current hour, so rollups answer it whole and a key holds for an hour. */
export function windowEnd(now: number): number {
  return Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
}

/**
 * The half-open window a lookback covers at `now`: `[from, end of the current hour)`. A date is
 * midnight in `timeZone`. Throws {@link InvalidOptionError} for a since in the future.
 */
export function windowOf(lookback: Lookback, now: number, timeZone: string): StatsWindow {
  const to = windowEnd(now);
  switch (lookback.kind) {
    case 'all':
      return { from: null, to: new Date(to) };
    case 'days':
      return { from: new Date(to - lookback.days * DAY_MS), to: new Date(to) };
    case 'since': {
      const { since } = lookback;
      const from =
        'instant' in since ? since.instant : zonedMidnight(since.date.year, since.date.month, since.date.day, timeZone);
      if (from > now) throw futureSince(since);
      return { from: new Date(from), to: new Date(to) };
    }
  }
}

/** `last 30 days`, `since 2025-01-31`, `all time`: for titles. */
export function describeLookback(lookback: Lookback): string {
  switch (lookback.kind) {
    case 'all':
      return 'all time';
    case 'days':
      return lookback.days === 1 ? 'last 24 hours' : `last ${lookback.days} days`;
    case 'since':
      return `since ${describeSince(lookback.since)}`;
  }
}

function utcMidnight(since: { date: { year: number; month: number; day: number } }): number {
  return Date.UTC(since.date.year, since.date.month - 1, since.date.day);
}

function futureSince(since: SinceDate): InvalidOptionError {
  return new InvalidOptionError('since', `since ${describeSince(since)} is in the future; give a past date.`);
}

function describeSince(since: SinceDate): string {
  if ('instant' in since) return new Date(since.instant).toISOString().replace('.000Z', 'Z');
  const { year, month, day } = since.date;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
