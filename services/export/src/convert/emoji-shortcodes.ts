import { createRequire } from 'node:module';

/** Emojibase's shortcode presets: hexcode (`1F44D-1F3FB`) to one shortcode or several, the preferred first. */
type ShortcodeDataset = Record<string, string | string[]>;

/**
 * JoyPixels' set is the one Discord's names come from (`slight_smile`, `thumbsup_tone1`, `hand_splayed`, …),
 * the same names DCE's built-in `EmojiIndex` holds. Emojibase ships no Discord preset of its own.
 */
const DATASET = 'emojibase-data/en/shortcodes/joypixels.json';

/** Variation selector 16: Discord sends `❤️` and `❤` alike, and emojibase keeps it only inside some sequences. */
const VS16 = 0xfe0f;

let byKey: Map<string, string> | undefined;

/** Emojibase's hexcode of an emoji without its VS16s, e.g. `0023-20E3` for `#️⃣`. */
function keyOf(codePoints: Iterable<number>): string {
  return [...codePoints]
    .filter((point) => point !== VS16)
    .map((point) => point.toString(16).toUpperCase().padStart(4, '0'))
    .join('-');
}

/** Reads the dataset on first use (some 220 kB of JSON), so that processes that never meet an emoji never load it. */
function shortcodes(): Map<string, string> {
  if (byKey) return byKey;
  const dataset = createRequire(import.meta.url)(DATASET) as ShortcodeDataset;
  byKey = new Map();
  for (const [hexcode, codes] of Object.entries(dataset)) {
    const preferred = Array.isArray(codes) ? codes[0] : codes;
    const points = hexcode.split('-').map((hex) => Number.parseInt(hex, 16));
    if (preferred) byKey.set(keyOf(points), preferred);
  }
  return byKey;
}

/**
 * Discord's shortcode of a standard emoji (`👍` → `thumbsup`, `👍🏻` → `thumbsup_tone1`), with or without
 * variation selectors; undefined for text the dataset does not know (a newer emoji, or no emoji at all).
 */
export function standardEmojiShortcode(emoji: string): string | undefined {
  return shortcodes().get(keyOf([...emoji].map((char) => char.codePointAt(0) ?? 0)));
}
