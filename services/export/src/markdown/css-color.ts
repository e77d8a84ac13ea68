const hexColor = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/** `#RRGGBB` (as DCE writes colours) as its three channels; undefined for anything else. */
function channels(hex: string | null | undefined): [number, number, number] | undefined {
  const match = hex ? hexColor.exec(hex) : null;
  if (!match) return undefined;
  const [, r = '', g = '', b = ''] = match;
  return [Number.parseInt(r, 16), Number.parseInt(g, 16), Number.parseInt(b, 16)];
}

/**
 * ` style="…"` giving text the colour `hex`, with a faint background of it when `tinted` (as Discord
 * shows a role mention); nothing when `hex` is not a colour, so no export can smuggle CSS into an
 * attribute.
 */
export function colorAttribute(hex: string | null | undefined, tinted = false): string {
  const rgb = channels(hex);
  if (!rgb) return '';
  const color = `color:rgb(${rgb.join(',')})`;
  return tinted ? ` style="${color};background-color:rgba(${rgb.join(',')},0.1)"` : ` style="${color}"`;
}

/** ` style="…"` filling the background with `hex` (an embed's colour bar); nothing when not a colour. */
export function backgroundAttribute(hex: string | null | undefined): string {
  const rgb = channels(hex);
  return rgb ? ` style="background-color:rgb(${rgb.join(',')})"` : '';
}
