import { describe, expect, it } from 'vitest';
import { extractLinks } from '../src/filter/extract-links.js';

describe("extractLinks, as DCE's MarkdownParser.ExtractLinks", () => {
  it.each([
    ['plain text', []],
    ['see https://example.com', ['https://example.com']],
    // An auto link ends before trailing punctuation.
    ['see https://example.com/a.', ['https://example.com/a']],
    ['"https://example.com/q?x=1",', ['https://example.com/q?x=1']],
    ['hidden <https://example.com/h>', ['https://example.com/h']],
    ['masked [the docs](https://example.com/d) here', ['https://example.com/d']],
    // A masked link's target need not be a URL; its title is parsed again.
    ['[t](not a url)', ['not a url']],
    ['[see https://a.example](https://b.example)', ['https://b.example', 'https://a.example']],
    ['http://a.example and https://b.example', ['http://a.example', 'https://b.example']],
    ['HTTPS://upper.example', []],
    ['ftp://files.example', []],
  ])('%j → %j', (content, links) => {
    expect(extractLinks(content)).toEqual(links);
  });

  it('finds no link inside code', () => {
    expect(extractLinks('`https://example.com`')).toEqual([]);
    expect(extractLinks('``https://example.com``')).toEqual([]);
    expect(extractLinks('```\nhttps://example.com\n```')).toEqual([]);
    expect(extractLinks('```js\nfetch("https://example.com")```')).toEqual([]);
    expect(extractLinks('`code` then https://example.com')).toEqual(['https://example.com']);
  });

  it('ends a link where the formatting around it closes', () => {
    expect(extractLinks('**https://discord.gg/abc**')).toEqual(['https://discord.gg/abc']);
    expect(extractLinks('||https://discord.gg/abc||')).toEqual(['https://discord.gg/abc']);
    expect(extractLinks('~~https://discord.gg/abc~~')).toEqual(['https://discord.gg/abc']);
    expect(extractLinks('__https://discord.gg/abc__')).toEqual(['https://discord.gg/abc']);
    expect(extractLinks('***https://discord.gg/abc***')).toEqual(['https://discord.gg/abc']);
    // Without a closing asterisk there is no formatting, and the asterisks are part of the link.
    expect(extractLinks('**https://discord.gg/abc')).toEqual(['https://discord.gg/abc']);
    expect(extractLinks('https://discord.gg/abc**')).toEqual(['https://discord.gg/abc**']);
  });

  it('parses quotes, headings and lists again for their links', () => {
    expect(extractLinks('> https://a.example\n> https://b.example\n')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(extractLinks('>>> quoted\nhttps://c.example')).toEqual(['https://c.example']);
    expect(extractLinks('# Title https://h.example\nbody')).toEqual(['https://h.example']);
    expect(extractLinks('- one https://l1.example\n- two https://l2.example')).toEqual([
      'https://l1.example',
      'https://l2.example',
    ]);
  });

  it('keeps escaped characters from starting formatting or links', () => {
    // The escaped asterisks are text, so the link runs on to the end.
    expect(extractLinks('\\*\\*https://x.example\\*\\*')).toEqual(['https://x.example\\*\\*']);
    // An escaped bracket is no masked link; the auto link inside it remains.
    expect(extractLinks('\\[t](https://y.example)')).toEqual(['https://y.example)']);
    // The shrug's underscores do not make italics.
    expect(extractLinks('¯\\_(ツ)_/¯ https://z.example')).toEqual(['https://z.example']);
  });

  it('does not look into custom emoji', () => {
    expect(extractLinks('<:https://discord.gg/abc:123>')).toEqual([]);
  });
});
