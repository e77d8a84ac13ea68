import { describe, expect, it } from 'vitest';
import { DISCORD_EPOCH_MS, guildTag, touchedTags, windowTags } from '../src/cache/window-tags.js';
import type { StatsWindow } from '../src/queries/stats-queries.js';
import { DAY_MS, HOUR_MS } from '../src/window/zoned-time.js';

const G = '111';
const at = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
const win = (from: number | null, to: number): StatsWindow => ({
  from: from === null ? null : new Date(from),
  to: new Date(to),
});
const invalidates = (w: StatsWindow, hour: number) => {
  const tags = new Set(windowTags(G, w));
  return touchedTags({ guildId: G, hours: [hour], userIds: [] }).some((t) => tags.has(t));
};

describe('windowTags', () => {
  it('partitions a window into the largest aligned years, months and days', () => {
    // 2025-11-30 10:00 → 2027-02-02 15:00 widens to 2025-11-30 … 2027-02-03.
    expect(windowTags(G, win(at(2025, 11, 30, 10), at(2027, 2, 2, 15)))).toEqual([
      guildTag(G),
      'g:111:d:2025-11-30',
      'g:111:m:2025-12',
      'g:111:y:2026',
      'g:111:m:2027-01',
      'g:111:d:2027-02-01',
      'g:111:d:2027-02-02',
    ]);
  });

  it('keeps the tag count small for long and all-time windows', () => {
    const now = at(2026, 3, 15, 14);
    const allTime = windowTags(G, win(null, now));
    expect(allTime).toContain('g:111:y:2015');
    expect(allTime).toContain('g:111:y:2025');
    expect(allTime).toContain('g:111:m:2026-02');
    expect(allTime).toContain('g:111:d:2026-03-15');
    expect(allTime).toHaveLength(1 + 11 + 2 + 15); // guild, 2015–2025, Jan–Feb, Mar 1–15
    const month = windowTags(G, win(now - 30 * DAY_MS, now));
    expect(month.length).toBeLessThanOrEqual(1 + 31);
  });

  it('an empty window carries only the guild tag', () => {
    expect(windowTags(G, win(at(2026, 1, 1), at(2026, 1, 1)))).toEqual([guildTag(G)]);
  });
});

describe('touchedTags', () => {
  it('names the day, month and year of each touched hour once', () => {
    expect(touchedTags({ guildId: G, hours: [at(2026, 3, 15, 13), at(2026, 3, 15, 14)], userIds: ['1'] })).toEqual([
      'g:111:d:2026-03-15',
      'g:111:m:2026-03',
      'g:111:y:2026',
    ]);
    expect(touchedTags({ guildId: G, hours: [], userIds: [] })).toEqual([]);
  });

  it('never meets another guild', () => {
    const tags = new Set(windowTags('222', win(at(2026, 1, 1), at(2026, 12, 1))));
    expect(touchedTags({ guildId: G, hours: [at(2026, 6, 1)], userIds: [] }).some((t) => tags.has(t))).toBe(false);
  });

  it('invalidates a window exactly when a touched hour falls on one of its days', () => {
    // Deterministic pseudo-random windows and hours over 2015–2027.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const span = at(2027, 1, 1) - DISCORD_EPOCH_MS;
    for (let i = 0; i < 3000; i++) {
      const a = DISCORD_EPOCH_MS + Math.floor((random() * span) / HOUR_MS) * HOUR_MS;
      const length = Math.floor(random() * (random() < 0.5 ? 48 : 24 * 800)) * HOUR_MS;
      const w = win(random() < 0.1 ? null : a, a + length);
      const hour = Math.floor((DISCORD_EPOCH_MS + random() * span) / HOUR_MS) * HOUR_MS;
      const start = Math.floor((w.from?.getTime() ?? DISCORD_EPOCH_MS) / DAY_MS) * DAY_MS;
      const end = Math.ceil(w.to.getTime() / DAY_MS) * DAY_MS;
      expect(
        invalidates(w, hour),
        `window ${w.from?.toISOString()}–${w.to.toISOString()}, hour ${new Date(hour).toISOString()}`,
      ).toBe(hour >= start && hour < end);
    }
  });

  it('leaves a closed past window alone when only later hours are touched', () => {
    const lastWeek = win(at(2026, 3, 1), at(2026, 3, 8));
    expect(invalidates(lastWeek, at(2026, 3, 15, 13))).toBe(false);
    expect(invalidates(lastWeek, at(2026, 3, 7, 23))).toBe(true);
  });
});
