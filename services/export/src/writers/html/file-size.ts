const units = ['KB', 'MB', 'GB'] as const;

/**
 * A file size as DCE shows it (its FileSize): the largest unit of 1024 that leaves a whole number,
 * at most two decimals, "bytes" below a kilobyte: `11 bytes`, `455.41 KB`.
 */
export function formatFileSize(bytes: number): string {
  let value = bytes;
  let unit = 'bytes';
  for (const next of units) {
    if (Math.abs(value / 1024) < 1) break;
    value /= 1024;
    unit = next;
  }
  return `${Number(value.toFixed(2))} ${unit}`;
}
