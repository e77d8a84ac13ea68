import type { TopLevelSpec } from 'vega-lite';
import type { Heatmap, TimelineGranularity, TimelineMetric, TimelinePoint } from '../queries/stats-queries.js';
import { wallClockAsUtc } from '../window/zoned-time.js';

/** The font resvg is given; vega measures and names text with it. */
export const CHART_FONT = 'DejaVu Sans';

export const TIMELINE_SIZE = { width: 800, height: 320 } as const;
export const HEATMAP_SIZE = { width: 800, height: 300 } as const;

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const METRIC_LABEL: Record<TimelineMetric, string> = {
  messages: 'Messages',
  voice: 'Voice hours',
  members: 'Members',
};

const COLOR = '#5865F2';

// `fit` makes the image exactly the given size, axes and legend included, so a chart's size is known in advance.
const FRAME = {
  background: 'white',
  padding: 12,
  autosize: { type: 'fit', contains: 'padding' },
  config: { font: CHART_FONT, view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 } },
} as const;

export interface TimelineChart {
  metric: TimelineMetric;
  granularity: TimelineGranularity;
  points: TimelinePoint[];
  /** The guild's zone: the axis shows its wall clock whatever the server's zone. */
  timeZone: string;
  title: string;
}

/**
 * A line over time of one metric. Each point's time is turned into the zone's wall clock written as UTC
 * and the axis is UTC-scaled, so labels read as local time on any server; voice seconds become hours.
 */
export function timelineSpec(chart: TimelineChart): TopLevelSpec {
  const values = chart.points.map((p) => ({
    at: wallClockAsUtc(p.at, chart.timeZone),
    value: chart.metric === 'voice' ? Math.round((p.value / 3600) * 100) / 100 : p.value,
  }));
  const hourly = chart.granularity === 'hour';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...FRAME,
    ...TIMELINE_SIZE,
    title: {
      text: chart.title,
      subtitle: `${METRIC_LABEL[chart.metric]} per ${chart.granularity} (${chart.timeZone})`,
    },
    data: { values },
    mark: { type: 'area', color: COLOR, opacity: 0.35, line: { color: COLOR, opacity: 1 } },
    encoding: {
      x: {
        field: 'at',
        type: 'temporal',
        scale: { type: 'utc' },
        title: null,
        axis: { format: hourly ? '%b %d %H:00' : '%b %d', labelOverlap: true },
      },
      y: { field: 'value', type: 'quantitative', title: METRIC_LABEL[chart.metric] },
    },
  } as TopLevelSpec;
}

export interface HeatmapChart {
  heatmap: Heatmap;
  timeZone: string;
  title: string;
}

/** Messages by weekday and hour as coloured cells, Monday on top, in the guild's zone. */
export function heatmapSpec(chart: HeatmapChart): TopLevelSpec {
  const values = chart.heatmap.flatMap((hours, weekday) =>
    hours.map((count, hour) => ({ weekday: WEEKDAYS[weekday] ?? String(weekday), hour, count })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...FRAME,
    ...HEATMAP_SIZE,
    title: { text: chart.title, subtitle: `Messages by weekday and hour (${chart.timeZone})` },
    data: { values },
    mark: { type: 'rect', cornerRadius: 2 },
    encoding: {
      x: { field: 'hour', type: 'ordinal', title: 'Hour', sort: 'ascending', axis: { labelAngle: 0 } },
      y: { field: 'weekday', type: 'ordinal', title: null, sort: [...WEEKDAYS] },
      color: {
        field: 'count',
        type: 'quantitative',
        title: 'Messages',
        scale: { scheme: 'blues', domainMin: 0 },
      },
    },
    config: { ...FRAME.config, scale: { bandPaddingInner: 0.08 } },
  } as TopLevelSpec;
}
