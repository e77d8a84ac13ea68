import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The URL an HTML export writes for a local file path of the model (`--media`), as DCE does: a
 * relative path with each segment escaped (an asset named from a URL holds `%20`, a guild name may
 * hold `#`), an absolute one as a `file://` URL.
 */
export function localPathUrl(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  // pathToFileURL escapes what a URL path must not hold (spaces, `#`, `?`, `%`); the root it adds is cut.
  return pathToFileURL(`/${path.split(sep).join('/')}`).href.slice('file:///'.length);
}
