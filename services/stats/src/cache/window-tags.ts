import type { StatsWindow, TouchedHours } from '../queries/stats-queries.js';
import { DAY_MS } from '../window/zoned-time.js';

/**
 * Which cached answers an ingest commit makes stale, decided from time buckets alone.
 *
 * An answer over `[from, to)` is tagged with a partition of that window, widened to whole UTC days, into
 * the largest aligned buckets that fit: whole years, then whole months, then days (a 30-day window
 * carries about 30 tags, all time about a dozen years plus this year's months and days). A touched
 * hour names the three buckets that contain it (its day, month and year), and exactly one of them is
 * a tag of every window covering that day: invalidation is precise to the day, and an answer over a
 * past window no touched hour falls in stays cached.
 */

/** The first day any Discord data can have (its epoch); an all-time window starts here. */
export const DISCORD_EPOCH_MS = Date.UTC(2015, 0, 1);

/** Carried by every answer of a guild: invalidated when the guild's settings change what is counted. */
export function guildTag(guildId: string): string {
  return `g:${guildId}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const yearTag = (guildId: string, d: Date) => `g:${guildId}:y:${d.getUTCFullYear()}`;
const monthTag = (guildId: string, d: Date) => `g:${guildId}:m:${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
const dayTag = (guildId: string, d: Date) =>
  `g:${guildId}:d:${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The tags of an answer over `window`: the guild's tag and the window's buckets. */
export function windowTags(guildId: string, window: StatsWindow): string[] {
  const tags = [guildTag(guildId)];
  const start = Math.floor((window.from?.getTime() ?? DISCORD_EPOCH_MS) / DAY_MS) * DAY_MS;
  const end = Math.ceil(window.to.getTime() / DAY_MS) * DAY_MS;
  let cursor = start;
  while (cursor < end) {
    const d = new Date(cursor);
    const nextYear = Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const startsYear = d.getUTCMonth() === 0 && d.getUTCDate() === 1;
    if (startsYear && nextYear <= end) {
      tags.push(yearTag(guildId, d));
      cursor = nextYear;
    } else if (d.getUTCDate() === 1 && nextMonth <= end) {
      tags.push(monthTag(guildId, d));
      cursor = nextMonth;
    } else {
      tags.push(dayTag(guildId, d));
      cursor += DAY_MS;
    }
  }
  return tags;
}

/** The tags an ingest commit invalidates: the day, month and year of each touched hour, once each. */
export function touchedTags(touched: TouchedHours): string[] {
  const tags = new Set<string>();
  for (const hour of touched.hours) {
    const d = new Date(hour);
    tags.add(dayTag(touched.guildId, d));
    tags.add(monthTag(touched.guildId, d));
    tags.add(yearTag(touched.guildId, d));
  }
  return [...tags];
}
