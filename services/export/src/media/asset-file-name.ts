import { createHash } from 'node:crypto';
import { escapeFileName } from '../options/output-path.js';
import { pathExtension } from '../options/path-extension.js';

/** Query parameters of a signed Discord CDN URL that change with each fetch of the same file (DCE #1138). */
const SIGNATURE_PARAMS = ['ex', 'is', 'hm'];

/**
 * DCE's NormalizeUrl: a `cdn.discordapp.com` URL without its signature, so the same file under a
 * new signature gets the same name; any other URL as it is. Like DCE, the remaining query is
 * appended without its `?`: the names must match DCE's for `--reuse-media` to reuse its media folders.
 */
export function normalizeAssetUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.hostname.toLowerCase() !== 'cdn.discordapp.com') return url;
  for (const name of SIGNATURE_PARAMS) parsed.searchParams.delete(name);
  return `${parsed.origin}${parsed.pathname}${parsed.searchParams.toString()}`;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** DCE 2.47's hash of an asset URL: SHA-256 of the normalised URL, 16 lower-case hex digits (64 bits). */
export function assetUrlHash(url: string): string {
  return sha256Hex(normalizeAssetUrl(url)).slice(0, 16);
}

/** The hash of DCE before 2.47 (5 upper-case hex digits), whose files `--reuse-media` renames. */
export function legacyAssetUrlHash(url: string): string {
  return sha256Hex(normalizeAssetUrl(url)).slice(0, 5).toUpperCase();
}

/** The last path segment of a URL without its query, found as DCE's `.+/([^?]*)` finds it. */
function urlFileName(url: string): string {
  return /.+\/([^?]*)/.exec(url)?.[1] ?? '';
}

function fileNameWithHash(url: string, hash: string): string {
  const fileName = urlFileName(url);
  if (fileName.trim() === '') return hash;
  let extension = pathExtension(fileName);
  let stem = fileName.slice(0, fileName.length - extension.length);
  // A dot late in a long name, not an extension (DCE #812).
  if (extension.length > 41) {
    stem = fileName;
    extension = '';
  }
  return escapeFileName(`${stem.slice(0, 42)}-${hash}${extension}`);
}

/**
 * DCE's GetFileNameFromUrl: `{name without extension, 42 characters at most}-{hash}{extension}` from
 * the URL's last path segment, or the hash alone when it has none, escaped as a file name.
 */
export function assetFileName(url: string): string {
  return fileNameWithHash(url, assetUrlHash(url));
}

/** The name DCE before 2.47 gave the same asset. */
export function legacyAssetFileName(url: string): string {
  return fileNameWithHash(url, legacyAssetUrlHash(url));
}
