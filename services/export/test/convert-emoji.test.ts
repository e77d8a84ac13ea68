import { describe, expect, it } from 'vitest';
import { CdnUrls } from '../src/convert/cdn-urls.js';
import { inlineEmojis, toExportEmoji } from '../src/convert/convert-emoji.js';
import { standardEmojiShortcode } from '../src/convert/emoji-shortcodes.js';
import { parseFilter } from '../src/filter/parse-filter.js';
import { message } from './filter-fixtures.js';

const cdn = new CdnUrls();

describe('standardEmojiShortcode', () => {
  it("gives Discord's shortcodes, the ones DCE's EmojiIndex holds", () => {
    const codes = ['👍', '🙂', '😂', '🤗', '☹️', '🖐️', '🛌', '🎙️'].map(standardEmojiShortcode);
    expect(codes).toEqual([
      'thumbsup',
      'slight_smile',
      'joy',
      'hugging',
      'frowning2',
      'hand_splayed',
      'sleeping_accommodation',
      'microphone2',
    ]);
  });

  it('finds an emoji with or without its variation selector', () => {
    expect(standardEmojiShortcode('❤️')).toBe('heart');
    expect(standardEmojiShortcode('❤')).toBe('heart');
    expect(standardEmojiShortcode('#️⃣')).toBe('hash');
  });

  it('names skin tones, ZWJ sequences and flags as Discord does', () => {
    expect(standardEmojiShortcode('👍🏻')).toBe('thumbsup_tone1');
    expect(standardEmojiShortcode('🛌🏻')).toBe('person_in_bed_tone1');
    expect(standardEmojiShortcode('🧑🏻‍🦱')).toBe('person_tone1_curly_hair');
    expect(standardEmojiShortcode('👩🏽‍💻')).toBe('woman_technologist_tone3');
    expect(standardEmojiShortcode('❤️‍🔥')).toBe('heart_on_fire');
    expect(standardEmojiShortcode('🏳️‍🌈')).toBe('rainbow_flag');
    expect(standardEmojiShortcode('🇫🇷')).toBe('flag_fr');
  });

  it('knows nothing of text that is no emoji', () => {
    for (const text of ['', 'thumbsup', '👍👍', '\u{E000}']) expect(standardEmojiShortcode(text)).toBeUndefined();
  });
});

describe('toExportEmoji', () => {
  it('gives a standard emoji its shortcode as code, the character as name and a Twemoji image', () => {
    expect(toExportEmoji({ id: null, name: '🙂' }, cdn)).toEqual({
      id: '',
      name: '🙂',
      code: 'slight_smile',
      isAnimated: false,
      imageUrl: 'https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/1f642.svg',
    });
  });

  it('falls back to the name for a standard emoji the index does not know', () => {
    expect(toExportEmoji({ id: null, name: '\u{E000}' }, cdn).code).toBe('\u{E000}');
  });

  it('gives a custom emoji its name as code, and a deleted one "Unknown Emoji"', () => {
    const custom = toExportEmoji({ id: '754441880066064584', name: 'lemon_blush', animated: true }, cdn);
    expect(custom).toMatchObject({
      id: '754441880066064584',
      name: 'lemon_blush',
      code: 'lemon_blush',
      isAnimated: true,
    });
    // A custom emoji named like a standard shortcode keeps its own name.
    expect(toExportEmoji({ id: '1', name: 'thumbsup' }, cdn).code).toBe('thumbsup');
    expect(toExportEmoji({ id: '2', name: null }, cdn)).toMatchObject({ name: 'Unknown Emoji', code: 'Unknown Emoji' });
  });

  it('writes codes into inline emoji too', () => {
    const emojis = inlineEmojis('🙂 🙂 ❤️ 👍🏽 <:lemon_blush:754441880066064584>', cdn);
    expect(emojis.map((emoji) => [emoji.name, emoji.code])).toEqual([
      ['🙂', 'slight_smile'],
      ['❤️', 'heart'],
      ['👍🏽', 'thumbsup_tone3'],
      ['lemon_blush', 'lemon_blush'],
    ]);
  });
});

describe('reaction: filter over converted emoji', () => {
  it('matches a standard reaction by character or by shortcode, in any case', () => {
    const reacted = message('hi', {
      reactions: [{ emoji: toExportEmoji({ id: null, name: '👍' }, cdn), count: 1, users: [] }],
    });
    for (const source of ['reaction:👍', 'reaction:thumbsup', 'reaction:THUMBSUP']) {
      expect(parseFilter(source)(reacted), source).toBe(true);
    }
    expect(parseFilter('reaction:thumbsdown')(reacted)).toBe(false);
  });
});
