import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import type { ExportFormat } from '../writers/message-writer.js';
import type { AssetDownloader } from './asset-downloader.js';
import { assetReference } from './asset-reference.js';
import { formatsReferenceAsset } from './format-assets.js';
import { type AssetUrlMap, mapHeaderAssets, mapMessageAssets } from './map-message-assets.js';

/**
 * Where one channel's media go and how its outputs refer to them (`--media`). The formats of one
 * pass share one media folder and one localized message: one output template puts all of them in
 * the same folder, and each file is fetched once for all.
 */
export interface MediaTarget {
  /** Shared by every channel of a run, so each file is fetched once. */
  downloader: AssetDownloader;
  /** The formats written; the assets any of them shows are fetched. */
  formats: readonly ExportFormat[];
  /** The first output's first file; references are written relative to its folder. */
  outputFilePath: string;
  /** The media folder, from `resolveMediaDir` (`--media-dir`, or `<first output file>_Files/`). */
  mediaDir: string;
}

/** Only web URLs are fetched: a render of an export made with `--media` already holds local paths. */
const isRemote = (url: string): boolean => /^https?:\/\//i.test(url);

async function localize<T>(value: T, walk: (value: T, map: AssetUrlMap) => T, target: MediaTarget): Promise<T> {
  const { formats } = target;
  const wanted = new Set<string>();
  walk(value, (url, kind) => {
    if (isRemote(url) && formatsReferenceAsset(formats, kind, url)) wanted.add(url);
    return url;
  });
  if (wanted.size === 0) return value;
  const local = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async (url) => {
      const path = await target.downloader.download(url, target.mediaDir);
      if (path !== undefined) local.set(url, assetReference(path, target.outputFilePath));
    }),
  );
  return walk(value, (url, kind) => (formatsReferenceAsset(formats, kind, url) ? (local.get(url) ?? url) : url));
}

/**
 * A copy of `message` whose assets that the target's formats show point at local files, downloaded
 * into the media folder: only what the formats refer to is fetched (no avatars for TXT or CSV). The
 * references are file paths (assetReference); an HTML writer writes them as URLs. An asset that
 * cannot be downloaded keeps its remote URL; the downloader's warnings list it.
 */
export function localizeMedia(message: ExportMessage, target: MediaTarget): Promise<ExportMessage> {
  return localize(message, mapMessageAssets, target);
}

/** The header with the guild's (or group DM's) icon local, for the formats that show it. */
export function localizeHeader(header: ExportHeader, target: MediaTarget): Promise<ExportHeader> {
  return localize(header, mapHeaderAssets, target);
}
