import type { Heatmap } from '../queries/stats-queries.js';
import { WEEKDAYS } from './chart-specs.js';

const SHADES = [' ', '░', '▒', '▓', '█'];

/**
 * The heatmap as a monospace grid for an embed (a reader without images, a screen reader's code block):
 * one row per weekday, one column per hour, shaded by the busiest cell.
 */
export function heatmapText(heatmap: Heatmap): string {
  const max = Math.max(0, ...heatmap.flat());
  const header = `    ${Array.from({ length: 24 }, (_, h) => (h % 6 === 0 ? String(h).padEnd(6) : '')).join('')}`;
  const rows = heatmap.map((hours, weekday) => {
    const cells = hours.map((count) =>
      count === 0 || max === 0 ? '·' : SHADES[Math.max(1, Math.ceil((count / max) * (SHADES.length - 1)))],
    );
    return `${WEEKDAYS[weekday] ?? weekday} ${cells.join('')}`;
  });
  return [header.trimEnd(), ...rows].join('\n');
}
