import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * How an export refers to a downloaded asset, as DCE's ResolveAssetUrlAsync writes it: the path
 * relative to the output file's folder, so the export and its media can be moved together, or the
 * absolute path when the media folder lies outside that folder. The model holds this file path in
 * every format; HTML writes it as a URL (local-path-url.ts).
 */
export function assetReference(filePath: string, outputFilePath: string): string {
  const absolute = resolve(filePath);
  const fromOutput = relative(dirname(resolve(outputFilePath)), absolute);
  const outside = fromOutput === '..' || fromOutput.startsWith(`..${sep}`) || isAbsolute(fromOutput);
  return outside ? absolute : fromOutput;
}
