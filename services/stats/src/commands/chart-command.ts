import type { TimelineMetric } from '../queries/stats-queries.js';
import { timelineSpec } from '../render/chart-specs.js';
import type { PngRenderer } from '../render/render-png.js';
import { chartGranularity } from './chart-window.js';
import { GRANULARITIES, TIMELINE_METRICS } from './command-definitions.js';
import type { CommandHandler, ReadingCommandDeps } from './command-handler.js';
import { EMBED_COLOR } from './format.js';
import { windowedCommand } from './lookback-window.js';

export const METRIC_TITLES: Record<TimelineMetric, string> = {
  messages: 'Messages',
  members: 'Members',
  voice: 'Voice time',
};

/** `/chart [metric] [granularity] [days|since|all]`: a PNG of one metric over time, in the guild's zone. */
export function chartCommand(deps: ReadingCommandDeps & { renderer: PngRenderer }): CommandHandler {
  const { queries, renderer } = deps;
  return windowedCommand(
    deps,
    'at-once',
    ({ options }) => ({
      metric: options.choice('metric', TIMELINE_METRICS) ?? 'messages',
      asked: options.choice('granularity', GRANULARITIES),
    }),
    async ({ invocation: { guildId }, params: { metric, asked }, window, timeZone, period }) => {
      const granularity = chartGranularity(window, asked);
      const points = await queries.timeline(guildId, metric, window, granularity, timeZone);
      const title = `${METRIC_TITLES[metric]} — ${period}`;
      const png = await renderer.render(timelineSpec({ metric, granularity, points, timeZone, title }), 'chart');
      return {
        embeds: [
          {
            color: EMBED_COLOR,
            title,
            description: `Per ${granularity}, ${timeZone}`,
            image: { url: 'attachment://chart.png' },
          },
        ],
        files: [{ name: 'chart.png', data: png, contentType: 'image/png' }],
      };
    },
  );
}
