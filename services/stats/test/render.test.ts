import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HEATMAP_SIZE, heatmapSpec, TIMELINE_SIZE, timelineSpec, WEEKDAYS } from '../src/render/chart-specs.js';
import { heatmapText } from '../src/render/heatmap-text.js';
import { createPngRenderer } from '../src/render/render-png.js';

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which PNG puts first. */
function pngSize(png: Buffer) {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

type Values = { values: Record<string, unknown>[] };

const grid = (f: (weekday: number, hour: number) => number) =>
  Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => f(d, h)));

describe('timelineSpec', () => {
  it('carries every point, on the guild wall clock, voice in hours', () => {
    const points = [
      { at: Date.UTC(2026, 0, 31, 15), value: 7200 }, // 2026-02-01 00:00 in Tokyo
      { at: Date.UTC(2026, 1, 1, 15), value: 5400 },
    ];
    const spec = timelineSpec({ metric: 'voice', granularity: 'day', points, timeZone: 'Asia/Tokyo', title: 'Voice' });
    expect((spec.data as Values).values).toEqual([
      { at: Date.UTC(2026, 1, 1), value: 2 },
      { at: Date.UTC(2026, 1, 2), value: 1.5 },
    ]);
    expect(spec).toMatchObject({ ...TIMELINE_SIZE, encoding: { x: { scale: { type: 'utc' } } } });
    expect(JSON.stringify(spec.title)).toContain('Asia/Tokyo');
  });

  it('keeps message counts as they are', () => {
    const spec = timelineSpec({
      metric: 'messages',
      granularity: 'hour',
      points: [{ at: Date.UTC(2026, 0, 1, 5), value: 12 }],
      timeZone: 'UTC',
      title: 't',
    });
    expect((spec.data as Values).values).toEqual([{ at: Date.UTC(2026, 0, 1, 5), value: 12 }]);
  });
});

describe('heatmapSpec', () => {
  it('has one cell per weekday and hour with its count', () => {
    const heatmap = grid((d, h) => d * 100 + h);
    const values = (heatmapSpec({ heatmap, timeZone: 'UTC', title: 'h' }).data as Values).values;
    expect(values).toHaveLength(168);
    expect(values).toContainEqual({ weekday: 'Mon', hour: 0, count: 0 });
    expect(values).toContainEqual({ weekday: 'Sun', hour: 23, count: 623 });
    expect(values).toContainEqual({ weekday: 'Wed', hour: 9, count: 209 });
  });
});

describe('heatmapText', () => {
  it('shades each cell by the busiest, dots for none', () => {
    const text = heatmapText(grid((d, h) => (d === 2 && h === 9 ? 40 : d === 0 && h === 1 ? 10 : 0)));
    const rows = text.split('\n');
    expect(rows).toHaveLength(8);
    expect(rows[1]).toBe(`${WEEKDAYS[0]} ·░${'·'.repeat(22)}`);
    expect(rows[3]?.slice(4)).toBe(`${'·'.repeat(9)}█${'·'.repeat(14)}`);
  });
});

describe('PNG rendering', () => {
  const registry = new Registry();
  const renderer = createPngRenderer({ fontDir: FONT_DIR, registry });

  it('renders a timeline and a heatmap at their specified sizes', async () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ at: Date.UTC(2026, 0, 1 + i), value: (i * 37) % 90 }));
    const chart = await renderer.render(
      timelineSpec({ metric: 'messages', granularity: 'day', points, timeZone: 'UTC', title: 'Messages' }),
      'chart',
    );
    expect(pngSize(chart)).toEqual(TIMELINE_SIZE);
    const heatmap = await renderer.render(
      heatmapSpec({ heatmap: grid((d, h) => d + h), timeZone: 'UTC', title: 'Heatmap' }),
      'heatmap',
    );
    expect(pngSize(heatmap)).toEqual(HEATMAP_SIZE);
    const metric = await registry.getSingleMetricAsString('stats_render_duration_seconds');
    expect(metric).toMatch(/stats_render_duration_seconds_count\{kind="chart"\} 1/);
    expect(metric).toMatch(/stats_render_duration_seconds_count\{kind="heatmap"\} 1/);
  });

  it('renders an empty timeline', async () => {
    const png = await renderer.render(
      timelineSpec({ metric: 'members', granularity: 'day', points: [], timeZone: 'UTC', title: 'Nothing yet' }),
      'chart',
    );
    expect(pngSize(png)).toEqual(TIMELINE_SIZE);
  });
});
