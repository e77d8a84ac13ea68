import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OutputStorage, StoredFile } from './output-storage.js';

/** Finished exports kept in a directory (a local disk or a shared volume), one folder per job. */
export class DirectoryStorage implements OutputStorage {
  constructor(private readonly root: string) {}

  async put(key: string, localPath: string): Promise<void> {
    const target = join(this.root, key);
    await mkdir(dirname(target), { recursive: true });
    // Copied beside the target and renamed over it, so a download never sees half a file.
    const partial = `${target}.partial`;
    await copyFile(localPath, partial);
    await rename(partial, target);
  }

  async open(key: string): Promise<StoredFile | undefined> {
    const path = join(this.root, key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      return { body: createReadStream(path), bytes: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
