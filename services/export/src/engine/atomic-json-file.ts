import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { ExportStateCorruptError } from './export-errors.js';

/**
 * Replaces `path` with `value` so that a crash at any moment leaves either the old file or the new
 * one, never a torn one: written to a temporary file, synced, renamed over, and the folder synced
 * so the rename itself survives a power loss.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  await syncDirectory(dir);
}

/** Makes the folder's entries (a rename, a new file) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file read and checked against `schema`, or undefined when there is none. */
export async function readJsonFile<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ExportStateCorruptError(path, 'not JSON');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ExportStateCorruptError(path, parsed.error.issues[0]?.message ?? 'unexpected shape');
  return parsed.data;
}
