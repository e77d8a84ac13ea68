import type { StatsWindow, TimelineGranularity } from '../queries/stats-queries.js';
import { InvalidOptionError } from '../window/invalid-option-error.js';
import { DAY_MS } from '../window/zoned-time.js';

/** Up to this span a chart shows hours unless told otherwise. */
export const AUTO_HOURLY_MAX_DAYS = 3;
/** Hourly points beyond a month are too many to read (and to render). */
export const HOURLY_MAX_DAYS = 31;

/** The granularity of a timeline over `window`: the one asked for, or hours for short windows and days otherwise. */
export function chartGranularity(window: StatsWindow, asked: TimelineGranularity | undefined): TimelineGranularity {
  const days = window.from === null ? Number.POSITIVE_INFINITY : (window.to.getTime() - window.from.getTime()) / DAY_MS;
  if (asked === 'hour' && days > HOURLY_MAX_DAYS)
    throw new InvalidOptionError(
      'granularity',
      `Hourly charts cover at most ${HOURLY_MAX_DAYS} days; pick fewer days or granularity day.`,
    );
  return asked ?? (days <= AUTO_HOURLY_MAX_DAYS ? 'hour' : 'day');
}
