import { compareSnowflakes } from '@platform/discord';
import type { MessageBounds } from '../render/message-bounds.js';
import type { OutputFiles } from '../render/output-set.js';
import { ExportStateMismatchError } from './export-errors.js';
import { type ExportIdentity, identityDifferences } from './export-identity.js';
import type { IncrementalMode } from './export-request.js';
import { type ExportCheckpoint, firstRun, type IncrementalCursor, type RunBase } from './export-state.js';
import type { ExportStatePaths } from './export-state-paths.js';

/** Where a run starts, decided from the request and the state found beside the output, before any I/O on the files. */
export interface RunPlan {
  resumed: boolean;
  exportedAt: string;
  base: RunBase;
  /** The newest source message already handled (by the interrupted run, or the last completed one). */
  lastSourceId: string | null;
  /** The part of the journal to keep; it is rendered into the fresh files before the source goes on. */
  journalBytes: number;
  journalMessages: number;
}

export interface PlanInputs {
  identity: ExportIdentity;
  incremental: IncrementalMode | undefined;
  paths: ExportStatePaths;
  checkpoint: ExportCheckpoint | undefined;
  cursor: IncrementalCursor | undefined;
  /** `exportedAt` of a run that does not resume. */
  now: string;
}

/**
 * A checkpoint wins over everything: the interrupted run is finished first, whatever mode. Else an
 * incremental run goes on from its cursor; `append` keeps the journal of everything exported so far
 * (its files are rendered again from it), `partition` starts an empty one (its files hold only the
 * new messages). A state written for another request is refused rather than mixed in.
 */
export function planRun({ identity, incremental, paths, checkpoint, cursor, now }: PlanInputs): RunPlan {
  if (checkpoint) {
    const differences = identityDifferences(checkpoint.identity, identity);
    if (differences.length > 0) throw new ExportStateMismatchError(paths.checkpoint, 'checkpoint', differences);
    return {
      resumed: true,
      exportedAt: checkpoint.exportedAt,
      base: checkpoint.base,
      lastSourceId: checkpoint.lastSourceId,
      journalBytes: checkpoint.journalBytes,
      journalMessages: checkpoint.journalMessages,
    };
  }
  if (incremental && cursor) {
    const differences = identityDifferences(cursor.identity, identity);
    if (differences.length > 0) throw new ExportStateMismatchError(paths.cursor, 'cursor', differences);
    const keep = incremental === 'append';
    return {
      resumed: false,
      exportedAt: now,
      base: cursor.base,
      lastSourceId: cursor.base.lastMessageId,
      journalBytes: keep ? cursor.base.journalBytes : 0,
      journalMessages: keep ? cursor.base.journalMessages : 0,
    };
  }
  return {
    resumed: false,
    exportedAt: now,
    base: firstRun(identity.outputs.length),
    lastSourceId: null,
    journalBytes: 0,
    journalMessages: 0,
  };
}

/** The range asked of the source: the bounds, starting after what was already handled. */
export function sourceRange(bounds: MessageBounds, lastSourceId: string | null): MessageBounds {
  const after =
    lastSourceId !== null && (bounds.after === undefined || compareSnowflakes(lastSourceId, bounds.after) > 0)
      ? lastSourceId
      : bounds.after;
  return { ...(after !== undefined && { after }), ...(bounds.before !== undefined && { before: bounds.before }) };
}

/** The 0-based part each output's first file of this run is: only a new partition goes on numbering. */
export function firstParts(incremental: IncrementalMode | undefined, base: RunBase): number[] {
  return base.parts.map((parts) => (incremental === 'partition' ? parts : 0));
}

/** What the next incremental run starts from, once this one has completed. */
export function nextBase(
  incremental: IncrementalMode,
  base: RunBase,
  lastSourceId: string | null,
  files: readonly OutputFiles[],
  journal: { bytes: number; messages: number },
): RunBase {
  const append = incremental === 'append';
  return {
    lastMessageId: lastSourceId,
    parts: files.map((output, index) => (append ? 0 : (base.parts[index] ?? 0)) + output.paths.length),
    journalBytes: append ? journal.bytes : 0,
    journalMessages: append ? journal.messages : 0,
  };
}
