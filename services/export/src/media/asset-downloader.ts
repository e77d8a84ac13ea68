import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { assetFileName, legacyAssetFileName } from './asset-file-name.js';
import { KeyedLock } from './keyed-lock.js';

/** An asset that could not be downloaded; the export keeps its remote URL. */
export interface AssetWarning {
  url: string;
  /** The HTTP status of the last answer, when there was one. */
  status?: number;
  message: string;
}

export interface AssetDownloaderOptions {
  /** `--reuse-media`: a file already at the asset's path is used as it is. */
  reuse?: boolean;
  /** Downloads at once, across every channel sharing this downloader. */
  concurrency?: number;
  /** Further attempts after a network error (but an unknown host), a timeout, a 408, a 429 or a 5xx. */
  retries?: number;
  /** The wait before the first retry, doubled for each one after it (unless the CDN sends Retry-After). */
  retryDelayMs?: number;
  /** How long to wait for an answer's headers; a stalled body is ended by undici's own idle timeout. */
  responseTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Told of each asset given up on, once per file. */
  onWarning?: (warning: AssetWarning) => void;
}

/** What a downloader has done so far. */
export interface AssetDownloadStats {
  downloaded: number;
  reused: number;
  failed: number;
}

type Attempt = { ok: true } | { ok: false; retryable: boolean; status?: number; message: string; waitMs?: number };

/** Longest Retry-After honoured: a CDN asking for more is given up on, as the export should not stall. */
const MAX_RETRY_AFTER_MS = 60_000;

/** Shared by every downloader of the process, as DCE's static AsyncKeyedLocker. */
const fileLocks = new KeyedLock();

const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  const millis = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(millis) ? Math.min(Math.max(millis, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** A host name that does not resolve: asking again a moment later gives the same answer. */
function isUnknownHost(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'ENOTFOUND';
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** A local file system error (it names a path), which no retry of the download can mend. */
const isFileSystemError = (error: unknown): boolean =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).path === 'string';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Downloads the assets of exports (`--media`) into media folders, named as DCE names them
 * (asset-file-name.ts). Unlike DCE it checks the answer: a non-2xx status is not saved as the asset
 * but reported as a warning, and the export keeps the remote URL. Each file is written under a
 * temporary name and renamed when complete, so a crash never leaves a partial file that
 * `--reuse-media` would trust. One downloader serves every channel of a run: each file is fetched
 * once per run (a failure too, so a missing avatar is not asked for again on every message), at
 * most `concurrency` at a time, and a lock per file keeps parallel channels from fetching it twice.
 */
export class AssetDownloader {
  readonly #options: Required<Omit<AssetDownloaderOptions, 'onWarning'>> & Pick<AssetDownloaderOptions, 'onWarning'>;
  readonly #limit: ReturnType<typeof pLimit>;
  readonly #results = new Map<string, Promise<string | undefined>>();
  readonly #warnings: AssetWarning[] = [];
  readonly #stats: AssetDownloadStats = { downloaded: 0, reused: 0, failed: 0 };

  constructor(options: AssetDownloaderOptions = {}) {
    this.#options = {
      reuse: options.reuse ?? false,
      concurrency: options.concurrency ?? 8,
      retries: options.retries ?? 4,
      retryDelayMs: options.retryDelayMs ?? 1000,
      responseTimeoutMs: options.responseTimeoutMs ?? 30_000,
      fetch: options.fetch ?? fetch,
      onWarning: options.onWarning,
    };
    this.#limit = pLimit(this.#options.concurrency);
  }

  /** The assets given up on so far, one per file. */
  get warnings(): readonly AssetWarning[] {
    return this.#warnings;
  }

  get stats(): Readonly<AssetDownloadStats> {
    return { ...this.#stats };
  }

  /**
   * The absolute path of `url`'s file in `directory`, downloaded or reused, or undefined when it
   * could not be downloaded (then a warning says why). Throws only when the folder cannot be written.
   */
  download(url: string, directory: string): Promise<string | undefined> {
    const path = resolve(directory, assetFileName(url));
    let result = this.#results.get(path);
    if (!result) {
      result = fileLocks.run(path, () => this.#obtain(url, path));
      this.#results.set(path, result);
      // A folder that cannot be written fails this call; a later one may try again.
      result.catch(() => this.#results.delete(path));
    }
    return result;
  }

  async #obtain(url: string, path: string): Promise<string | undefined> {
    if (this.#options.reuse && (await this.#reuse(url, path))) {
      this.#stats.reused++;
      return path;
    }
    await mkdir(dirname(path), { recursive: true });
    return this.#limit(() => this.#fetchWithRetries(url, path));
  }

  /** Whether the file is already there, under its name or under DCE's name before 2.47 (then renamed). */
  async #reuse(url: string, path: string): Promise<boolean> {
    if (await isFile(path)) return true;
    const legacy = join(dirname(path), legacyAssetFileName(url));
    if (legacy === path || !(await isFile(legacy))) return false;
    await rename(legacy, path);
    return true;
  }

  async #fetchWithRetries(url: string, path: string): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(url, path);
      if (outcome.ok) {
        this.#stats.downloaded++;
        return path;
      }
      if (!outcome.retryable || attempt >= this.#options.retries) {
        const warning: AssetWarning = { url, message: outcome.message };
        if (outcome.status !== undefined) warning.status = outcome.status;
        this.#stats.failed++;
        this.#warnings.push(warning);
        this.#options.onWarning?.(warning);
        return undefined;
      }
      await sleep(outcome.waitMs ?? this.#options.retryDelayMs * 2 ** attempt);
    }
  }

  async #attempt(url: string, path: string): Promise<Attempt> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new Error(`no answer within ${this.#options.responseTimeoutMs} ms`)),
      this.#options.responseTimeoutMs,
    );
    let response: Response;
    try {
      response = await this.#options.fetch(url, { signal: controller.signal });
    } catch (error) {
      return { ok: false, retryable: !isUnknownHost(error), message: describe(error) };
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const waitMs = retryAfterMs(response.headers.get('retry-after'));
      return {
        ok: false,
        retryable: isRetryableStatus(response.status),
        status: response.status,
        message: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        ...(waitMs === undefined ? {} : { waitMs }),
      };
    }
    const temporary = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.part`);
    try {
      const body = response.body
        ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)
        : Readable.from([] as Uint8Array[]);
      await pipeline(body, createWriteStream(temporary, { flags: 'wx' }));
      await keepModifiedTime(temporary, response.headers.get('last-modified'));
      await rename(temporary, path);
      return { ok: true };
    } catch (error) {
      await rm(temporary, { force: true });
      if (isFileSystemError(error)) throw error;
      return { ok: false, retryable: true, message: describe(error) };
    }
  }
}

/** The file dated as the CDN dates it, as DCE does; a date the file system refuses is no reason to fail. */
async function keepModifiedTime(path: string, lastModified: string | null): Promise<void> {
  if (lastModified === null) return;
  const time = Date.parse(lastModified);
  if (Number.isNaN(time)) return;
  await utimes(path, new Date(time), new Date(time)).catch(() => undefined);
}
