import { escapeHtml } from '../../markdown/html-escape.js';
import { mediaUrl } from '../../markdown/safe-url.js';

/** ` name="url"` for a media URL of the export, or nothing when the URL is missing or not safe to follow. */
export function urlAttribute(name: 'src' | 'href', url: string | null | undefined): string {
  const safe = mediaUrl(url);
  return safe === undefined ? '' : ` ${name}="${escapeHtml(safe)}"`;
}
