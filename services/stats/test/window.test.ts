import { describe, expect, it } from 'vitest';
import { checkLimit } from '../src/window/limit.js';
import { describeLookback, MAX_DAYS, parseLookback, windowEnd, windowOf } from '../src/window/lookback.js';
import { HOUR_MS, isTimeZone, wallClock, weekdayIn, zonedMidnight } from '../src/window/zoned-time.js';
import { refusal } from './refusal.js';

const NOW = Date.UTC(2026, 2, 15, 13, 20); // Sunday 2026-03-15 13:20 UTC

describe('parseLookback', () => {
  it('defaults to the last N days and takes days, since or all', () => {
    expect(parseLookback({}, 30, NOW)).toEqual({ kind: 'days', days: 30 });
    expect(parseLookback({ days: 7 }, 30, NOW)).toEqual({ kind: 'days', days: 7 });
    expect(parseLookback({ all: true }, 30, NOW)).toEqual({ kind: 'all' });
    expect(parseLookback({ all: false, days: 3 }, 30, NOW)).toEqual({ kind: 'days', days: 3 });
    expect(parseLookback({ since: '2025-01-31' }, 30, NOW)).toEqual({
      kind: 'since',
      since: { date: { year: 2025, month: 1, day: 31 } },
    });
    expect(parseLookback({ since: '2026-03-01T18:00:00+02:00' }, 30, NOW)).toEqual({
      kind: 'since',
      since: { instant: Date.UTC(2026, 2, 1, 16) },
    });
  });

  it('refuses days out of range, two modes at once, bad and future dates, naming the option', () => {
    expect(refusal(() => parseLookback({ days: 0 }, 30, NOW))).toMatchObject({ option: 'days' });
    expect(refusal(() => parseLookback({ days: -5 }, 30, NOW)).message).toContain('at least 1');
    expect(refusal(() => parseLookback({ days: 2.5 }, 30, NOW)).message).toContain('whole number');
    expect(refusal(() => parseLookback({ days: MAX_DAYS + 1 }, 30, NOW)).message).toContain(`at most ${MAX_DAYS}`);
    expect(refusal(() => parseLookback({ days: 3, since: '2025-01-01' }, 30, NOW)).message).toBe(
      'Give only one of days and since.',
    );
    expect(refusal(() => parseLookback({ since: '2025-02-30' }, 30, NOW)).message).toContain('not a date');
    expect(refusal(() => parseLookback({ since: 'yesterday' }, 30, NOW))).toMatchObject({ option: 'since' });
    // A local time without its offset would mean the server's zone: refused.
    expect(refusal(() => parseLookback({ since: '2026-03-01T10:00' }, 30, NOW))).toMatchObject({ option: 'since' });
    expect(refusal(() => parseLookback({ since: '2026-03-17' }, 30, NOW)).message).toContain('in the future');
    expect(refusal(() => parseLookback({ since: '2026-03-15T14:00:00Z' }, 30, NOW)).message).toContain('future');
  });

  it('accepts today, which has begun east of UTC, and leaves the zone check to windowOf', () => {
    const tomorrow = parseLookback({ since: '2026-03-16' }, 30, NOW);
    expect(windowOf(tomorrow, NOW, 'Pacific/Kiritimati').from).toEqual(new Date(Date.UTC(2026, 2, 15, 10)));
    expect(refusal(() => windowOf(tomorrow, NOW, 'UTC')).message).toContain('in the future');
  });
});

describe('windowOf', () => {
  it('ends every window at the end of the current hour', () => {
    const to = new Date(Date.UTC(2026, 2, 15, 14));
    expect(windowEnd(NOW)).toBe(to.getTime());
    expect(windowEnd(Date.UTC(2026, 2, 15, 14))).toBe(Date.UTC(2026, 2, 15, 15));
    expect(windowOf({ kind: 'days', days: 7 }, NOW, 'UTC')).toEqual({
      from: new Date(to.getTime() - 7 * 24 * HOUR_MS),
      to,
    });
    expect(windowOf({ kind: 'all' }, NOW, 'UTC')).toEqual({ from: null, to });
  });

  it('starts a since date at midnight in the guild zone', () => {
    const since = parseLookback({ since: '2026-03-01' }, 30, NOW);
    expect(windowOf(since, NOW, 'Asia/Tokyo').from).toEqual(new Date(Date.UTC(2026, 1, 28, 15)));
    expect(windowOf(since, NOW, 'America/New_York').from).toEqual(new Date(Date.UTC(2026, 2, 1, 5)));
    expect(windowOf(since, NOW, 'Asia/Kolkata').from).toEqual(new Date(Date.UTC(2026, 1, 28, 18, 30)));
  });

  it('describes the lookback for titles', () => {
    expect(describeLookback({ kind: 'days', days: 30 })).toBe('last 30 days');
    expect(describeLookback({ kind: 'days', days: 1 })).toBe('last 24 hours');
    expect(describeLookback({ kind: 'all' })).toBe('all time');
    expect(describeLookback(parseLookback({ since: '2025-01-05' }, 30, NOW))).toBe('since 2025-01-05');
  });
});

describe('zoned time', () => {
  it('knows IANA zones and their aliases, and nothing else', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Calcutta')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(' Europe/Paris')).toBe(false);
  });

  it('finds local midnight across DST changes', () => {
    // Europe/Paris moves to summer time on 2026-03-29 at 02:00; the day starts at 00:00 +01:00.
    expect(zonedMidnight(2026, 3, 29, 'Europe/Paris')).toBe(Date.UTC(2026, 2, 28, 23));
    expect(zonedMidnight(2026, 3, 30, 'Europe/Paris')).toBe(Date.UTC(2026, 2, 29, 22));
    // America/Santiago skips midnight on 2026-09-06: the day starts at 01:00 local (04:00 UTC).
    expect(wallClock(zonedMidnight(2026, 9, 6, 'America/Santiago'), 'America/Santiago')).toMatchObject({
      day: 6,
      hour: 1,
    });
  });

  it('gives weekdays Monday first in the zone', () => {
    expect(weekdayIn(NOW, 'UTC')).toBe(6); // Sunday
    expect(weekdayIn(NOW, 'Pacific/Auckland')).toBe(0); // already Monday 02:20
  });
});

describe('checkLimit', () => {
  it('takes 1 to max and refuses the rest', () => {
    expect(checkLimit(undefined, 10, 25)).toBe(10);
    expect(checkLimit(25, 10, 25)).toBe(25);
    expect(refusal(() => checkLimit(26, 10, 25)).message).toBe('limit must be a whole number from 1 to 25, not 26.');
    expect(refusal(() => checkLimit(0, 10, 25))).toMatchObject({ option: 'limit' });
  });
});
