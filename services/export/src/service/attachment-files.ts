import { readFile } from 'node:fs/promises';
import type { ReplyFile } from '@platform/discord';

/** A local file to attach, under the name Discord shows. */
export interface Attachment {
  name: string;
  path: string;
}

/** Reads the files to upload; Discord shows attachments by file name only, so folders are dropped. */
export function readAttachments(attachments: readonly Attachment[]): Promise<ReplyFile[]> {
  return Promise.all(
    attachments.map(async (file) => ({
      name: file.name.slice(file.name.lastIndexOf('/') + 1),
      data: await readFile(file.path),
    })),
  );
}
