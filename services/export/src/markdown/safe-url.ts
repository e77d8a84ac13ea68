import { localPathUrl } from '../media/local-path-url.js';

/** Schemes a link in message text may take: Discord itself links only web addresses. */
const webScheme = /^https?:\/\//i;
/** A scheme at the start of a URL (`javascript:`, `data:`, `file:`…); without one a URL is a relative path. */
const anyScheme = /^([a-z][a-z0-9+.-]*):/i;
/** Schemes the media of an export may point at: the CDN, a file of `--media`, an inlined image. */
const mediaSchemes = new Set(['http', 'https', 'file']);
const inlineImage = /^data:image\/(?:png|jpeg|gif|webp|avif|svg\+xml)[;,]/i;

/** `url` when it is a web address a person can follow from message text, otherwise undefined. */
export function linkUrl(url: string): string | undefined {
  return webScheme.test(url) ? url : undefined;
}

/**
 * `url` when it can stand in an export's `src` or `href`: a web address, a local path (relative, or a
 * `file:` URL, as `--media` writes them) or an inlined image; undefined for a script or other scheme,
 * so a crafted export cannot run code when its HTML is opened.
 */
export function mediaUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  const scheme = anyScheme.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return localPathUrl(url);
  if (mediaSchemes.has(scheme)) return url;
  return scheme === 'data' && inlineImage.test(url) ? url : undefined;
}
