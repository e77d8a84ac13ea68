import { describe, expect, it } from 'vitest';
import { parseFilter } from '../src/filter/parse-filter.js';
import type { ExportMessage } from '../src/model/export-document.js';
import { attachment, author, embed, message, reaction, user } from './filter-fixtures.js';

const matching = (filter: string, messages: ExportMessage[]): string[] =>
  messages.filter(parseFilter(filter)).map((m) => m.content);

describe("DCE's FilterSpecs, on a channel like its FilterTestCases", () => {
  const other = user('someone', { nickname: 'Someone' });
  const channel: ExportMessage[] = [
    message('Some random text'),
    message('Other random words', { author: other }),
    message('This has image', { attachments: [attachment('bird-thumbnail.png')] }),
    message('This has a text file', { author: other, attachments: [attachment('Test.txt')] }),
    message('This is pinned', { isPinned: true, author: other }),
    message('This has invite https://discord.gg/yqTbzrgXZ3', { author: other }),
    message('This has a link https://discord.com/invite/yqTbzrgXZ3', { author: other }),
    message('This has mention @Tyrrrz', { author: other, mentions: [author] }),
  ];

  it('"some text" keeps messages with both words', () => {
    expect(matching('some text', channel)).toEqual(['Some random text']);
  });

  it('from:Tyrrrz keeps the messages of user "tyrrrz"', () => {
    const kept = channel.filter(parseFilter('from:Tyrrrz'));
    expect(kept.length).toBe(2);
    expect(kept.every((m) => m.author.name === 'tyrrrz')).toBe(true);
  });

  it.each([
    ['has:image', 'This has image'],
    ['has:pin', 'This is pinned'],
    ['has:invite', 'This has invite'],
    ['mentions:Tyrrrz', 'This has mention'],
  ])('%s keeps only what contains "%s"', (filter, content) => {
    const kept = matching(filter, channel);
    expect(kept.length).toBe(1);
    expect(kept[0]).toContain(content);
  });
});

describe('text', () => {
  it('matches whole words, ignoring case, as DCE ContainsFilter does', () => {
    const messages = [message('our max effort'), message('our maximum effort'), message('MAX'), message('Max.')];
    expect(matching('max', messages)).toEqual(['our max effort', 'MAX', 'Max.']);
  });

  it('matches a phrase between spaces even when it starts or ends with a non-word character (#909)', () => {
    // Next to a letter there is a word boundary; next to other punctuation there is none.
    const messages = [message('our (max) effort'), message('our(max)effort'), message('[(max)]'), message('(max)')];
    expect(matching('"(max)"', messages)).toEqual(['our (max) effort', 'our(max)effort', '(max)']);
  });

  it('matches a quoted phrase as one piece, and words separately anywhere', () => {
    const messages = [message('hello world'), message('world, hello'), message('hello big world')];
    expect(matching('"hello world"', messages)).toEqual(['hello world']);
    expect(matching('hello world', messages)).toEqual(['hello world', 'world, hello', 'hello big world']);
  });

  it('takes word boundaries in every script, as .NET does', () => {
    const messages = [message('über alles'), message('xüber'), message('日本語 テキスト')];
    expect(matching('über', messages)).toEqual(['über alles']);
    expect(matching('テキスト', messages)).toEqual(['日本語 テキスト']);
  });

  it('treats regex characters in the text literally', () => {
    const messages = [message('costs $5.00 today'), message('costs $5a00 today')];
    expect(matching('"$5.00"', messages)).toEqual(['costs $5.00 today']);
  });

  it('searches embed title, author, description, footer and fields, not attachment names', () => {
    const messages = [
      message('', { embeds: [embed({ title: 'needle title' })] }),
      message('', { embeds: [embed({ author: { name: 'needle author', url: null } })] }),
      message('', { embeds: [embed({ description: 'a needle here' })] }),
      message('', { embeds: [embed({ footer: { text: 'needle' } })] }),
      message('', { embeds: [embed({ fields: [{ name: 'x', value: 'needle', isInline: false }] })] }),
      message('', { embeds: [embed({ fields: [{ name: 'needle', value: 'x', isInline: false }] })] }),
      message('no', { attachments: [attachment('needle.png')] }),
      message('no', { embeds: [embed({ url: 'https://needle.example' })] }),
    ];
    expect(messages.filter(parseFilter('needle')).length).toBe(6);
  });

  it('searches the content as it is (mentions stay as written)', () => {
    expect(matching('"<@128178626683338752>"', [message('hi <@128178626683338752>'), message('hi @Tyrrrz')])).toEqual([
      'hi <@128178626683338752>',
    ]);
  });

  it('an empty phrase matches any message with text', () => {
    expect(matching('""', [message('a'), message(''), message('  ')])).toEqual(['a']);
  });
});

describe('from: and mentions:', () => {
  const legacy = user('Legacy', { discriminator: '0042', nickname: 'Old Timer' });
  const modern = user('modern', { nickname: 'Display Name' });
  const messages = [message('legacy', { author: legacy }), message('modern', { author: modern, mentions: [legacy] })];

  it.each([
    ['from:legacy', ['legacy']],
    ['from:LEGACY#0042', ['legacy']],
    ['from:legacy#0000', []],
    ['from:"old timer"', ['legacy']],
    [`from:${modern.id}`, ['modern']],
    ['from:modern#0000', []],
    ['from:"Display Name"', ['modern']],
    ['from:mod', []],
    ['mentions:legacy#0042', ['modern']],
    [`mentions:${legacy.id}`, ['modern']],
    ['mentions:modern', []],
  ])('%s → %j', (filter, expected) => {
    expect(matching(filter, messages)).toEqual(expected);
  });

  it('compares case-insensitively by simple case mapping only, as OrdinalIgnoreCase', () => {
    const straße = message('s', { author: user('straße') });
    expect(matching('from:STRASSE', [straße])).toEqual([]);
    expect(matching('from:STRAßE', [straße])).toEqual(['s']);
  });
});

describe('reaction:', () => {
  const messages = [
    message('standard', { reactions: [reaction({ name: '🙂', code: 'slight_smile' })] }),
    message('custom', {
      reactions: [reaction({ id: '754441880066064584', name: 'lemon_blush', code: 'lemon_blush' })],
    }),
  ];

  it.each([
    ['reaction:🙂', ['standard']],
    ['reaction:SLIGHT_SMILE', ['standard']],
    ['reaction:754441880066064584', ['custom']],
    ['reaction:Lemon_Blush', ['custom']],
    ['reaction:smile', []],
    // A standard emoji's id is empty, and DCE compares no id for it.
    ['reaction:""', []],
  ])('%s → %j', (filter, expected) => {
    expect(matching(filter, messages)).toEqual(expected);
  });
});

describe('has:', () => {
  it('tells files by extension, ignoring case', () => {
    const messages = [
      message('image', { attachments: [attachment('a.JPG'), attachment('b.txt')] }),
      message('webp', { attachments: [attachment('x.webp')] }),
      message('video', { attachments: [attachment('clip.mov')] }),
      message('gifv', { attachments: [attachment('funny.gifv')] }),
      message('sound', { attachments: [attachment('voice-message.ogg')] }),
      message('m4a', { attachments: [attachment('a.M4A')] }),
      message('dotfile', { attachments: [attachment('.png')] }),
      message('no extension', { attachments: [attachment('png')] }),
      message('text'),
    ];
    expect(matching('has:image', messages)).toEqual(['image', 'webp', 'dotfile']);
    expect(matching('has:video', messages)).toEqual(['video', 'gifv']);
    expect(matching('has:sound', messages)).toEqual(['sound', 'm4a']);
    expect(matching('has:file', messages)).toEqual(messages.slice(0, -1).map((m) => m.content));
  });

  it('finds embeds, pins, links and invites', () => {
    const messages = [
      message('embed', { embeds: [embed()] }),
      message('pinned', { isPinned: true }),
      message('see https://example.com/a.'),
      message('masked [docs](https://example.com)'),
      message('join <https://discord.gg/abc>'),
      message('join http://discord.gg/abc/'),
      message('`https://discord.gg/code`'),
    ];
    expect(matching('has:embed', messages)).toEqual(['embed']);
    expect(matching('has:pin', messages)).toEqual(['pinned']);
    expect(matching('has:link', messages)).toEqual(messages.slice(2, 6).map((m) => m.content));
    expect(matching('has:invite', messages)).toEqual(['join <https://discord.gg/abc>', 'join http://discord.gg/abc/']);
  });
});

describe('combinations', () => {
  const a = user('alice');
  const b = user('bob');
  const messages = [
    message('a1', { author: a, attachments: [attachment('x.png')] }),
    message('a2', { author: a }),
    message('b1', { author: b, attachments: [attachment('y.png')] }),
    message('b2', { author: b }),
  ];

  it('evaluates and, or, not and groups as the tree says', () => {
    expect(matching('from:alice has:image', messages)).toEqual(['a1']);
    expect(matching('from:alice | from:bob has:image', messages)).toEqual(['a1', 'b1']);
    expect(matching('from:alice | (from:bob has:image)', messages)).toEqual(['a1', 'a2', 'b1']);
    expect(matching('-from:alice', messages)).toEqual(['b1', 'b2']);
    expect(matching('~(from:alice has:image)', messages)).toEqual(['a2', 'b1', 'b2']);
    expect(matching('-from:alice | -has:image', messages)).toEqual(['a2', 'b1', 'b2']);
  });
});
