import { statSync } from 'node:fs';

/** Whether a path is an existing directory, as output-path.ts asks to tell a directory from a file name. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
