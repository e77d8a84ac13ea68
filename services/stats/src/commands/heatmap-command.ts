import { heatmapSpec } from '../render/chart-specs.js';
import { heatmapText } from '../render/heatmap-text.js';
import type { PngRenderer } from '../render/render-png.js';
import type { CommandHandler, ReadingCommandDeps } from './command-handler.js';
import { codeBlock, EMBED_COLOR, formatCount } from './format.js';
import { windowedCommand } from './lookback-window.js';

/** `/heatmap [days|since|all]`: messages by weekday and hour as an image, with a text grid beside it. */
export function heatmapCommand(deps: ReadingCommandDeps & { renderer: PngRenderer }): CommandHandler {
  const { queries, renderer } = deps;
  return windowedCommand(
    deps,
    'at-once',
    () => null,
    async ({ invocation: { guildId }, window, timeZone, period }) => {
      const heatmap = await queries.heatmap(guildId, window, timeZone);
      const title = `Activity heatmap — ${period}`;
      const png = await renderer.render(heatmapSpec({ heatmap, timeZone, title }), 'heatmap');
      const total = heatmap.flat().reduce((sum, n) => sum + n, 0);
      return {
        embeds: [
          {
            color: EMBED_COLOR,
            title,
            description: `${formatCount(total)} messages, by hour (${timeZone})\n${codeBlock(heatmapText(heatmap))}`,
            image: { url: 'attachment://heatmap.png' },
          },
        ],
        files: [{ name: 'heatmap.png', data: png, contentType: 'image/png' }],
      };
    },
  );
}
