import { rm, rmdir } from 'node:fs/promises';
import type { OutputFiles } from '../render/output-set.js';
import type { ExportIdentity } from './export-identity.js';
import type { IncrementalMode } from './export-request.js';
import { writeCursor } from './export-state.js';
import type { ExportStatePaths } from './export-state-paths.js';
import { nextBase, type RunPlan } from './run-plan.js';

export interface FinishedRun {
  paths: ExportStatePaths;
  identity: ExportIdentity;
  incremental: IncrementalMode | undefined;
  plan: RunPlan;
  lastSourceId: string | null;
  files: readonly OutputFiles[];
  journal: { bytes: number; messages: number };
}

/**
 * Records a completed run. The cursor is written before the checkpoint goes: a crash in between
 * leaves a checkpoint whose resume finds nothing new and writes the same files and cursor again.
 * A one-off export leaves no state; only `append` keeps its journal, the history its files are
 * rendered from.
 */
export async function finishRun({ paths, identity, incremental, plan, lastSourceId, files, journal }: FinishedRun) {
  if (incremental) {
    const base = nextBase(incremental, plan.base, lastSourceId, files, journal);
    await writeCursor(paths.cursor, { version: 1, identity, exportedAt: plan.exportedAt, base });
  }
  await rm(paths.checkpoint, { force: true });
  if (incremental !== 'append') await rm(paths.journal, { force: true });
  if (!incremental) {
    await rm(paths.cursor, { force: true });
    // Only when empty: the folder may have been given, and hold more than the engine's files.
    await rmdir(paths.dir).catch(() => undefined);
  }
}
