import { describe, expect, it } from 'vitest';
import type { ExportHeader, ExportMessage, ExportUser } from '../src/model/export-document.js';
import { author, plainMessage, richMessage, sampleHeader, utcOptions } from './export-fixtures.js';
import { attr, byTag, elements, parseDocument, text } from './html-dom.js';
import { writeHtml } from './html-fixtures.js';
import { mentioned } from './markdown-fixtures.js';

const attack = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><svg onload=alert(3)>';

/** Every string value inside `value`, at any depth. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The URLs an export may point at: each URL field of its input, and each URL written in its text. */
function urlsOf(...values: unknown[]): Set<string> {
  const urls = new Set<string>();
  for (const value of stringsOf(values)) {
    urls.add(value);
    for (const match of value.matchAll(/https?:\/\/[^\s<>)]+/g)) urls.add(match[0].replace(/[.,:;"']+$/, ''));
  }
  return urls;
}

/** A message with an attack in every text a person controls: content, names, embed, files, stickers. */
function hostileMessage(): ExportMessage {
  const villain: ExportUser = {
    ...author,
    id: '666',
    name: attack,
    nickname: attack,
    roles: [{ id: '7', name: attack, color: 'red;background:url(https://evil.example/x)', position: 1 }],
    color: '#fff;x:y',
  };
  const base = richMessage('2');
  const [embed] = base.embeds;
  return {
    ...base,
    content: `${attack} **${attack}** [click](javascript:alert(4)) \`${attack}\` @${attack} <@666>`,
    author: villain,
    mentions: [villain],
    embeds: embed
      ? [
          {
            ...embed,
            title: attack,
            url: 'javascript:alert(5)',
            description: attack,
            color: '#58B9FF" onmouseover="alert(6)',
            author: { name: attack, url: 'javascript:alert(7)', iconUrl: 'data:text/html,<script>alert(8)</script>' },
            fields: [{ name: attack, value: attack, isInline: true }],
            footer: { text: attack },
          },
        ]
      : [],
    attachments: [{ id: '1', url: 'javascript:alert(9)', fileName: `${attack}.txt`, fileSizeBytes: 3 }],
    stickers: [{ id: '1', name: attack, format: 'Png', sourceUrl: 'https://cdn/s/1.png' }],
    interaction: { id: '1', name: attack, user: villain },
  };
}

describe('HtmlWriter keeps what it is given from running', () => {
  it('has no script, no event handler and no script URL whatever the content, names and embeds hold', async () => {
    const header: ExportHeader = sampleHeader();
    header.guild.name = attack;
    header.channel.name = attack;
    header.channel.topic = attack;
    const html = await writeHtml([plainMessage('1', attack), hostileMessage()], {}, 'dark', utcOptions, header);
    const document = parseDocument(html);
    expect(byTag(document, 'script')).toHaveLength(0);
    expect(byTag(document, 'svg')).toHaveLength(0);
    for (const element of elements(document)) {
      for (const { name, value } of element.attrs) {
        expect(name.startsWith('on'), `${element.tagName} ${name}`).toBe(false);
        expect(value.trim().toLowerCase().startsWith('javascript:'), `${element.tagName} ${name}=${value}`).toBe(false);
        if (name === 'style') expect(value).not.toMatch(/url\(|;x:|background:url/);
      }
    }
    expect(html).not.toContain('data:text/html');
    // The attack shows as the text it is.
    expect(text(document)).toContain(attack);
  });
});

describe('HtmlWriter writes a file that works offline', () => {
  it('references nothing but the export’s own media: no script, stylesheet, font or CDN', async () => {
    const header = sampleHeader();
    const messages = [
      {
        ...richMessage('1'),
        content: 'see https://example.com/page and <:lemon_blush:754441880066064584>',
        inlineEmojis: [],
      },
      { ...plainMessage('2', 'plain @Nick Name'), mentions: [mentioned] },
    ];
    messages[0] = {
      ...messages[0],
      inlineEmojis: [
        {
          id: '754441880066064584',
          name: 'lemon_blush',
          code: 'lemon_blush',
          isAnimated: false,
          imageUrl: 'media/emoji-1.png',
        },
      ],
    } as ExportMessage;
    for (const theme of ['dark', 'light'] as const) {
      const html = await writeHtml(messages, {}, theme, utcOptions, header);
      const document = parseDocument(html);
      const allowed = urlsOf(header, messages);
      expect(byTag(document, 'script')).toHaveLength(0);
      expect(byTag(document, 'link')).toHaveLength(0);
      expect(byTag(document, 'iframe')).toHaveLength(0);
      for (const style of byTag(document, 'style')) {
        expect(text(style)).not.toMatch(/@import|@font-face|url\(/);
      }
      const references = elements(document).flatMap((element) =>
        element.attrs.filter((a) => a.name === 'src' || a.name === 'href').map((a) => a.value),
      );
      expect(references.length).toBeGreaterThan(10);
      for (const reference of references) {
        const local =
          reference.startsWith('#') || reference.startsWith('data:') || !/^[a-z][a-z0-9+.-]*:/i.test(reference);
        expect(local || allowed.has(reference), reference).toBe(true);
      }
      // The emoji image is the local file the export names, not Discord's CDN.
      expect(byTag(document, 'img').map((img) => attr(img, 'src'))).toContain('media/emoji-1.png');
    }
  });
});
