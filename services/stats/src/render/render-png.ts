import { Resvg } from '@resvg/resvg-js';
import type { Registry } from 'prom-client';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './chart-specs.js';
import { type RenderKind, renderDurationHistogram } from './render-metrics.js';

export interface PngRenderer {
  /** The chart as a PNG; the spec's own size is the image's. */
  render(spec: TopLevelSpec, kind: RenderKind): Promise<Buffer>;
}

/**
 * vega-lite → vega → SVG (vega's headless `none` renderer, no canvas needed) → PNG through resvg, with the
 * fonts of `fontDir` only, so the image is the same on every host that has them.
 */
export function createPngRenderer({ fontDir, registry }: { fontDir: string; registry: Registry }): PngRenderer {
  const duration = renderDurationHistogram(registry);
  return {
    async render(spec, kind) {
      const stop = duration.startTimer({ kind });
      const view = new View(parse(compile(spec).spec), { renderer: 'none' });
      try {
        const svg = await view.toSVG();
        const resvg = new Resvg(svg, {
          font: { fontDirs: [fontDir], loadSystemFonts: false, defaultFontFamily: CHART_FONT },
        });
        return resvg.render().asPng();
      } finally {
        view.finalize();
        stop();
      }
    },
  };
}
