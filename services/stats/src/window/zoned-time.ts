/**
 * Wall-clock time in IANA zones through Intl (Node ships the full ICU data), so days, hours and
 * weekdays are the guild's own rather than the server's.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone Intl knows (canonical names and their aliases, such as `UTC` or `Asia/Calcutta`). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '' || name !== name.trim()) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** A zone's wall clock at an instant. */
export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(at: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/**
 * The zone's wall clock at `at` written as if it were UTC: what a UTC-scaled chart axis or a
 * `getUTC*` call shows as the guild's local time.
 */
export function wallClockAsUtc(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) + (at % 1000);
}

/**
 * The instant at which the zone's clock reads `year-month-day 00:00` (the first instant of that local
 * day, which a DST change at midnight moves later).
 */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): number {
  const target = Date.UTC(year, month - 1, day);
  let guess = target;
  // Two corrections settle on the offset in force at the target, also across a DST change.
  for (let i = 0; i < 2; i++) guess = target - (wallClockAsUtc(guess, timeZone) - guess);
  // In a spring-forward gap midnight does not exist; the local day starts at the first instant after it.
  while (wallClockAsUtc(guess, timeZone) < target) guess += HOUR_MS / 2;
  return guess;
}

/** 0 = Monday … 6 = Sunday, in the zone. */
export function weekdayIn(at: number, timeZone: string): number {
  return (new Date(wallClockAsUtc(at, timeZone)).getUTCDay() + 6) % 7;
}
