import { z } from 'zod';
import { readJsonFile, writeJsonAtomic } from './atomic-json-file.js';
import { exportIdentitySchema } from './export-identity.js';

/** What a run starts from: nothing for a first run, the last completed run's cursor for an incremental one. */
const runBaseSchema = z.object({
  /** The newest message id the last completed run took from the source. */
  lastMessageId: z.string().nullable(),
  /** Files each output already has, in the order of the outputs: where a new partition's numbering goes on. */
  parts: z.array(z.number().int().min(0)),
  /** The journal the last completed run left (an `append` target's history). */
  journalBytes: z.number().int().min(0),
  journalMessages: z.number().int().min(0),
});

export type RunBase = z.output<typeof runBaseSchema>;

export const firstRun = (outputs: number): RunBase => ({
  lastMessageId: null,
  parts: new Array<number>(outputs).fill(0),
  journalBytes: 0,
  journalMessages: 0,
});

/** `checkpoint.json`: how far an unfinished run got, rewritten atomically after each stretch of the source. */
const checkpointSchema = z.object({
  version: z.literal(1),
  identity: exportIdentitySchema,
  /** Persisted so that a resumed run writes the same header, byte for byte, as an uninterrupted one. */
  exportedAt: z.string(),
  base: runBaseSchema,
  /** The newest message id taken from the source and fully handled (journaled, or dropped by bounds or filter). */
  lastSourceId: z.string().nullable(),
  /** The synced part of the journal. */
  journalBytes: z.number().int().min(0),
  journalMessages: z.number().int().min(0),
});

export type ExportCheckpoint = z.output<typeof checkpointSchema>;

/** `cursor.json`: where the next incremental run of the target starts. */
const cursorSchema = z.object({
  version: z.literal(1),
  identity: exportIdentitySchema,
  /** The `exportedAt` of the run that wrote it. */
  exportedAt: z.string(),
  base: runBaseSchema,
});

export type IncrementalCursor = z.output<typeof cursorSchema>;

export const readCheckpoint = (path: string) => readJsonFile(path, checkpointSchema);
export const readCursor = (path: string) => readJsonFile(path, cursorSchema);

export const writeCheckpoint = (path: string, checkpoint: ExportCheckpoint) => writeJsonAtomic(path, checkpoint);
export const writeCursor = (path: string, cursor: IncrementalCursor) => writeJsonAtomic(path, cursor);
