/**
 * .NET's `Path.GetExtension` on Unix: from the last `.` of the last path segment, or "" when there
 * is none or the name ends with the dot. Unlike node's `extname`, a leading dot counts (`.png` is a
 * PNG), as it does for DCE's file kinds and its test of whether an output path names a file.
 */
export function pathExtension(path: string): string {
  for (let index = path.length - 1; index >= 0; index--) {
    const char = path.charAt(index);
    if (char === '.') return index === path.length - 1 ? '' : path.slice(index);
    if (char === '/') break;
  }
  return '';
}
