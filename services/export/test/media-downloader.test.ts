import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AssetDownloader, type AssetWarning } from '../src/media/asset-downloader.js';
import { assetFileName, legacyAssetFileName } from '../src/media/asset-file-name.js';
import {
  avatarUrls,
  cdnBytes,
  countingFetch,
  messagesWithAttachments,
  type SimCdn,
  startSimCdn,
} from './media-sim-cdn.js';

let sim: SimCdn;
let dir: string;

beforeAll(async () => {
  sim = await startSimCdn();
});
afterAll(() => sim.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-downloader-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const fast = { retryDelayMs: 1 };
const partFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.part'));

describe('AssetDownloader against the simulator CDN', () => {
  it('saves the bytes the CDN serves under the asset file name', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const attachment = messagesWithAttachments(sim, 1)[0]?.attachments[0]?.url as string;
    const downloader = new AssetDownloader(fast);
    const avatarPath = await downloader.download(avatar, dir);
    const attachmentPath = await downloader.download(attachment, dir);
    expect(avatarPath).toBe(join(dir, assetFileName(avatar)));
    expect(await readFile(avatarPath as string)).toEqual(cdnBytes(sim, avatar));
    expect(await readFile(attachmentPath as string)).toEqual(cdnBytes(sim, attachment));
    expect(downloader.stats).toEqual({ downloaded: 2, reused: 0, failed: 0 });
    expect(await partFiles()).toEqual([]);
  });

  it('keeps a 404 out of the folder, warns once and does not ask again', async () => {
    const missing = `${sim.cdn}/avatars/1/0123456789abcdef.png`;
    const counter = countingFetch();
    const seen: AssetWarning[] = [];
    const downloader = new AssetDownloader({ ...fast, fetch: counter.fetch, onWarning: (w) => seen.push(w) });
    expect(await downloader.download(missing, dir)).toBeUndefined();
    expect(await downloader.download(missing, dir)).toBeUndefined();
    expect(counter.calls(missing)).toBe(1);
    expect(seen).toEqual([{ url: missing, status: 404, message: 'HTTP 404 Not Found' }]);
    expect(downloader.warnings).toEqual(seen);
    expect(downloader.stats.failed).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('with reuse, keeps a file already there without fetching it', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const path = join(dir, assetFileName(avatar));
    await writeFile(path, 'kept');
    const counter = countingFetch();
    const reusing = new AssetDownloader({ ...fast, reuse: true, fetch: counter.fetch });
    expect(await reusing.download(avatar, dir)).toBe(path);
    expect(await readFile(path, 'utf8')).toBe('kept');
    expect(counter.total).toBe(0);
    expect(reusing.stats).toEqual({ downloaded: 0, reused: 1, failed: 0 });

    // Without reuse the file is fetched again.
    await new AssetDownloader({ ...fast, fetch: counter.fetch }).download(avatar, dir);
    expect(counter.calls(avatar)).toBe(1);
    expect(await readFile(path)).toEqual(cdnBytes(sim, avatar));
  });

  it("with reuse, renames a file of DCE's older names", async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    await writeFile(join(dir, legacyAssetFileName(avatar)), 'old');
    const counter = countingFetch();
    const path = await new AssetDownloader({ reuse: true, fetch: counter.fetch }).download(avatar, dir);
    expect(path).toBe(join(dir, assetFileName(avatar)));
    expect(await readFile(path as string, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual([assetFileName(avatar)]);
    expect(counter.total).toBe(0);
  });

  it('fetches a file once when many ask for it at the same time', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const counter = countingFetch();
    const downloader = new AssetDownloader({ ...fast, fetch: counter.fetch });
    const paths = await Promise.all(Array.from({ length: 12 }, () => downloader.download(avatar, dir)));
    expect(new Set(paths)).toEqual(new Set([join(dir, assetFileName(avatar))]));
    expect(counter.calls(avatar)).toBe(1);
  });

  it('lets two downloaders (two channels) fetch a shared file once when they reuse media', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const counter = countingFetch();
    const first = new AssetDownloader({ ...fast, reuse: true, fetch: counter.fetch });
    const second = new AssetDownloader({ ...fast, reuse: true, fetch: counter.fetch });
    const paths = await Promise.all([first.download(avatar, dir), second.download(avatar, dir)]);
    expect(paths[0]).toBe(paths[1]);
    expect(counter.calls(avatar)).toBe(1);
    expect(first.stats.downloaded + second.stats.downloaded).toBe(1);
    expect(first.stats.reused + second.stats.reused).toBe(1);
  });

  it('downloads at most `concurrency` files at once', async () => {
    const urls = avatarUrls(sim, 6);
    const counter = countingFetch();
    const downloader = new AssetDownloader({ ...fast, concurrency: 2, fetch: counter.fetch });
    const paths = await Promise.all(urls.map((url) => downloader.download(url, dir)));
    expect(paths.every((path) => path !== undefined)).toBe(true);
    expect(counter.total).toBe(6);
    expect(counter.maxInFlight).toBeLessThanOrEqual(2);
  });
});

describe('AssetDownloader retries', () => {
  /** A fetch that answers with `failures` first, then as the CDN does. */
  function failingFirst(failures: (() => Promise<Response>)[]) {
    return countingFetch((async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const next = failures.shift();
      return next ? next() : fetch(input, init);
    }) as typeof fetch);
  }

  it('retries network errors and 5xx, then saves the file', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const counter = failingFirst([
      () => Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNRESET') })),
      async () => new Response('busy', { status: 503 }),
    ]);
    const downloader = new AssetDownloader({ ...fast, fetch: counter.fetch });
    const path = await downloader.download(avatar, dir);
    expect(counter.calls(avatar)).toBe(3);
    expect(await readFile(path as string)).toEqual(cdnBytes(sim, avatar));
    expect(downloader.warnings).toEqual([]);
  });

  it('gives up after its retries with the last status', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const counter = countingFetch(async () => new Response('down', { status: 500 }));
    const downloader = new AssetDownloader({ ...fast, retries: 2, fetch: counter.fetch });
    expect(await downloader.download(avatar, dir)).toBeUndefined();
    expect(counter.calls(avatar)).toBe(3);
    expect(downloader.warnings[0]?.status).toBe(500);
  });

  it('does not retry a 403', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const counter = countingFetch(async () => new Response('no', { status: 403 }));
    const downloader = new AssetDownloader({ ...fast, fetch: counter.fetch });
    expect(await downloader.download(avatar, dir)).toBeUndefined();
    expect(counter.calls(avatar)).toBe(1);
  });

  it('never leaves a partial file when the body breaks off, and a retry completes it', async () => {
    const [avatar] = avatarUrls(sim, 1) as [string];
    const broken = async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1, 2, 3]));
          controller.error(new TypeError('terminated'));
        },
      });
      return new Response(body, { status: 200 });
    };
    const once = new AssetDownloader({ retries: 0, fetch: failingFirst([broken]).fetch });
    expect(await once.download(avatar, dir)).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);

    const retried = new AssetDownloader({ ...fast, fetch: failingFirst([broken]).fetch });
    const path = await retried.download(avatar, dir);
    expect(await readFile(path as string)).toEqual(cdnBytes(sim, avatar));
    expect(await partFiles()).toEqual([]);
  });
});
