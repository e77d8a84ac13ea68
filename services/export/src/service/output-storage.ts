import type { Readable } from 'node:stream';

/** A stored file, ready to stream. */
export interface StoredFile {
  body: Readable;
  bytes: number;
}

/**
 * Where finished exports are kept and downloaded from. Keys are `<job id>/<file name>` with `/`
 * separators; names are checked by `storedFileKey` before they get here.
 */
export interface OutputStorage {
  /** Stores a local file under `key`, streaming it; replaces what was there. */
  put(key: string, localPath: string): Promise<void>;
  /** The stored file, or `undefined` when there is none. */
  open(key: string): Promise<StoredFile | undefined>;
}

/** A file name that could leave the job's folder. */
export class UnsafeFileNameError extends Error {
  constructor(readonly fileName: string) {
    super(
      `"${fileName}" is not a file of this export: expected a relative path without "..", as GET /exports/:id lists`,
    );
    this.name = 'UnsafeFileNameError';
  }
}

/** The storage key of one of a job's files, refusing names that climb out of the job or are absolute. */
export function storedFileKey(jobId: string, fileName: string): string {
  const parts = fileName.split('/');
  if (
    fileName === '' ||
    fileName.includes('\\') ||
    fileName.includes('\0') ||
    parts.some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new UnsafeFileNameError(fileName);
  }
  return `${jobId}/${fileName}`;
}
