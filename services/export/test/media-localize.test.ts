import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AssetDownloader } from '../src/media/asset-downloader.js';
import { assetFileName } from '../src/media/asset-file-name.js';
import { withLocalIcons } from '../src/media/local-icon-source.js';
import { localPathUrl } from '../src/media/local-path-url.js';
import { localizeHeader, localizeMedia, type MediaTarget } from '../src/media/localize-media.js';
import type { ExportMessage } from '../src/model/export-document.js';
import { resolveMediaDir } from '../src/options/output-path.js';
import { HtmlWriter } from '../src/writers/html/html-writer.js';
import type { ExportFormat } from '../src/writers/message-writer.js';
import { author, MemorySink, plainMessage, sampleHeader, utcOptions } from './export-fixtures.js';
import { avatarUrls, cdnBytes, countingFetch, type SimCdn, startSimCdn } from './media-sim-cdn.js';

let sim: SimCdn;
let dir: string;
/** Distinct CDN files, one per place of the message, to see which places a format fetches. */
let urls: Record<'author' | 'mention' | 'attachment' | 'thumbnail' | 'sticker' | 'emoji' | 'icon', string>;
let missing: string;

beforeAll(async () => {
  sim = await startSimCdn();
  const [a, b, c, d, e, f, g] = avatarUrls(sim, 7) as string[];
  urls = {
    author: a as string,
    mention: b as string,
    attachment: c as string,
    thumbnail: d as string,
    sticker: e as string,
    emoji: f as string,
    icon: g as string,
  };
  missing = `${sim.cdn}/attachments/1/2/gone.png`;
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media localize '));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function message(): ExportMessage {
  const emoji = { id: '42', name: 'blob', code: 'blob', isAnimated: false, imageUrl: urls.emoji };
  return {
    ...plainMessage('900000000000000001', 'hello :blob:'),
    author: { ...author, avatarUrl: urls.author },
    mentions: [{ ...author, id: '2', avatarUrl: urls.mention }],
    attachments: [
      { id: '1', url: urls.attachment, fileName: 'a.png', fileSizeBytes: 10 },
      { id: '2', url: missing, fileName: 'gone.png', fileSizeBytes: 10 },
    ],
    embeds: [
      {
        title: 'Link',
        url: 'https://example.com/page',
        timestamp: null,
        description: '',
        thumbnail: { url: urls.thumbnail, canonicalUrl: 'https://example.com/t.png', width: 1, height: 1 },
        images: [],
        fields: [],
        inlineEmojis: [],
      },
    ],
    stickers: [{ id: '5', name: 'wave', format: 'Png', sourceUrl: urls.sticker }],
    reactions: [{ emoji, count: 1, users: [] }],
    inlineEmojis: [emoji],
  };
}

function target(formats: ExportFormat[], downloader: AssetDownloader, outputFile = join(dir, 'out', 'chat.x')) {
  const context = { guild: { id: '1', name: 'G' }, channel: { id: '2', name: 'c', categoryId: null, category: null } };
  const format = formats[0] as ExportFormat;
  const mediaDir = resolveMediaDir(undefined, outputFile, { ...context, format, now: new Date() });
  return { downloader, formats, outputFilePath: outputFile, mediaDir } satisfies MediaTarget;
}

const fetchedUrls = (counter: ReturnType<typeof countingFetch>) =>
  Object.entries(urls)
    .filter(([, url]) => counter.calls(url) > 0)
    .map(([place]) => place)
    .sort();

describe('localizeMedia', () => {
  it('points JSON at local files relative to the output folder and keeps a 404 remote', async () => {
    const counter = countingFetch();
    const downloader = new AssetDownloader({ retryDelayMs: 1, fetch: counter.fetch });
    const out = join(dir, 'out', 'chat.json');
    const local = await localizeMedia(message(), target(['Json'], downloader, out));
    const relative = (url: string) => `chat.json_Files/${assetFileName(url)}`;
    expect(local.author.avatarUrl).toBe(relative(urls.author));
    expect(local.mentions[0]?.avatarUrl).toBe(relative(urls.mention));
    expect(local.attachments.map((a) => a.url)).toEqual([relative(urls.attachment), missing]);
    expect(local.embeds[0]?.thumbnail).toEqual({
      url: relative(urls.thumbnail),
      canonicalUrl: 'https://example.com/t.png',
      width: 1,
      height: 1,
    });
    expect(local.stickers[0]?.sourceUrl).toBe(relative(urls.sticker));
    expect(local.inlineEmojis[0]?.imageUrl).toBe(relative(urls.emoji));
    expect(local.reactions[0]?.emoji.imageUrl).toBe(relative(urls.emoji));
    expect(await readFile(join(dir, 'out', relative(urls.author)))).toEqual(cdnBytes(sim, urls.author));
    expect(downloader.warnings.map((w) => [w.url, w.status])).toEqual([[missing, 404]]);
    // The embed's own link is not an asset.
    expect(local.embeds[0]?.url).toBe('https://example.com/page');
    // The input is not changed.
    expect(message().author.avatarUrl).toBe(urls.author);
  });

  it('fetches only what a format shows', async () => {
    const shown = async (...formats: ExportFormat[]) => {
      const counter = countingFetch();
      const downloader = new AssetDownloader({ retryDelayMs: 1, fetch: counter.fetch });
      const local = await localizeMedia(message(), target(formats, downloader));
      return { fetched: fetchedUrls(counter), local };
    };
    const csv = await shown('Csv');
    expect(csv.fetched).toEqual(['attachment']);
    expect(csv.local.author.avatarUrl).toBe(urls.author);
    expect((await shown('PlainText')).fetched).toEqual(['attachment', 'sticker', 'thumbnail']);
    const html = await shown('HtmlDark');
    expect(html.fetched).toEqual(['attachment', 'author', 'emoji', 'sticker', 'thumbnail']);
    expect(html.local.mentions[0]?.avatarUrl).toBe(urls.mention);
    expect((await shown('Json')).fetched).toEqual(['attachment', 'author', 'emoji', 'mention', 'sticker', 'thumbnail']);
    // One pass to several formats fetches what any of them shows.
    expect((await shown('Csv', 'HtmlDark')).fetched).toEqual(html.fetched);
  });

  it('writes the absolute path when the media folder is outside the output folder', async () => {
    const downloader = new AssetDownloader({ retryDelayMs: 1 });
    const elsewhere = join(dir, 'shared media');
    const outside = { downloader, formats: ['Json'] as ExportFormat[], outputFilePath: join(dir, 'out', 'c.json') };
    const local = await localizeMedia(message(), { ...outside, mediaDir: elsewhere });
    expect(local.author.avatarUrl).toBe(join(elsewhere, assetFileName(urls.author)));
  });

  it('gives the HTML writer local files for the avatar, the guild icon and the rest', async () => {
    const downloader = new AssetDownloader({ retryDelayMs: 1 });
    const out = join(dir, 'chat.html');
    const media = target(['HtmlLight'], downloader, out);
    const header = await localizeHeader(sampleHeader({ guild: { id: '1', name: 'G', iconUrl: urls.icon } }), media);
    expect(header.guild.iconUrl).toBe(`chat.html_Files/${assetFileName(urls.icon)}`);
    const sink = new MemorySink();
    const writer = new HtmlWriter(sink, 'light', utcOptions);
    await writer.begin(header);
    await writer.write(await localizeMedia(message(), media));
    await writer.end();
    const sources = [...sink.text.matchAll(/src="([^"]+)"/g)].map((match) => match[1] as string);
    expect(sources.filter((src) => src.startsWith('http'))).toEqual([missing]);
    for (const src of sources.filter((src) => !src.startsWith('http'))) {
      expect((await stat(join(dir, decodeURIComponent(src)))).isFile()).toBe(true);
    }
    expect(sources).toContain(`chat.html_Files/${assetFileName(urls.author)}`);
  });

  it('leaves local paths of an export already made with --media alone', async () => {
    const counter = countingFetch();
    const downloader = new AssetDownloader({ fetch: counter.fetch });
    const already = { ...message(), author: { ...author, avatarUrl: 'old_Files/a.png' }, attachments: [] };
    const local = await localizeMedia(already, target(['Csv'], downloader));
    expect(local.author.avatarUrl).toBe('old_Files/a.png');
    expect(counter.total).toBe(0);
  });
});

describe('localPathUrl', () => {
  it('escapes each segment of a relative path and makes an absolute one a file:// URL', () => {
    expect(localPathUrl('my chat #1.html_Files/a%20b-0123.png')).toBe('my%20chat%20%231.html_Files/a%2520b-0123.png');
    expect(localPathUrl('/srv/media dir/x?.png')).toBe('file:///srv/media%20dir/x%3F.png');
  });
});

describe('withLocalIcons', () => {
  it("gives the engine a source whose guild icon is local and whose pages are the source's", async () => {
    const pages = async function* () {
      yield { messages: [plainMessage('1', 'a')], progress: 1 };
    };
    const source = { ...sampleHeader({ guild: { id: '1', name: 'G', iconUrl: urls.icon } }), pages };
    const local = await withLocalIcons(source, target(['HtmlDark'], new AssetDownloader(), join(dir, 'c.html')));
    expect(local.guild.iconUrl).toBe(`c.html_Files/${assetFileName(urls.icon)}`);
    const got = [];
    for await (const page of local.pages({})) got.push(...page.messages.map((m) => m.id));
    expect(got).toEqual(['1']);
  });
});
