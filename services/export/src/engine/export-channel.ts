import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseFilter } from '../filter/parse-filter.js';
import type { ExportHeader } from '../model/export-document.js';
import { isPartitionFull } from '../options/partition-limit.js';
import { isoAt, narrowedRange } from '../render/header-dates.js';
import { isWithinBounds } from '../render/message-bounds.js';
import { OutputSet } from '../render/output-set.js';
import type { PartitionRule } from '../render/partitioner.js';
import { ReverseSpill } from '../render/reverse-spill.js';
import { ExportAbortedError, ExportRequestError } from './export-errors.js';
import { exportIdentity } from './export-identity.js';
import type { ExportChannelRequest, ExportChannelResult } from './export-request.js';
import { readCheckpoint, readCursor, writeCheckpoint } from './export-state.js';
import { exportStatePaths } from './export-state-paths.js';
import { finishRun } from './finish-run.js';
import { MessageJournal } from './message-journal.js';
import { firstParts, planRun, sourceRange } from './run-plan.js';

const defaultCheckpointEvery = 1000;

/**
 * Exports one channel to every output in one pass over its messages, as they arrive: each kept
 * message (within the bounds, through the filter, localized) is journaled, then written to every
 * output, so memory holds a page, not the channel. Every `checkpointEvery` messages the journal is
 * synced and the checkpoint rewritten; a run that finds a checkpoint renders the journal into fresh
 * files and asks the source only for what comes after, so its files equal an uninterrupted run's.
 * With `incremental`, the run starts after the last completed one (see IncrementalMode).
 */
export async function exportChannel(request: ExportChannelRequest): Promise<ExportChannelResult> {
  const first = checkRequest(request);
  const { source, signal } = request;
  const paths = exportStatePaths(first, request.stateDir);
  if (signal?.aborted) throw new ExportAbortedError(paths.dir, { cause: signal.reason });
  const identity = exportIdentity(request);
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  const bounds = request.bounds ?? {};
  const plan = planRun({
    identity,
    incremental: request.incremental,
    paths,
    checkpoint: await readCheckpoint(paths.checkpoint),
    cursor: request.incremental ? await readCursor(paths.cursor) : undefined,
    now: isoAt((request.now ?? Date.now)()),
  });
  const header: ExportHeader = {
    guild: source.guild,
    channel: source.channel,
    dateRange: narrowedRange({ after: null, before: null }, bounds),
    exportedAt: plan.exportedAt,
  };
  const limit = request.partition;
  const rule: PartitionRule | undefined = limit && ((messages, bytes) => isPartitionFull(limit, messages, bytes));
  const parts = firstParts(request.incremental, plan.base);
  const targets = request.outputs.map((output, index) => ({ ...output, firstPart: parts[index] ?? 0 }));

  const journal = await MessageJournal.open(paths.journal, plan.journalBytes, plan.journalMessages);
  let lastSourceId = plan.lastSourceId;
  const checkpoint = async (): Promise<void> => {
    await journal.sync();
    await writeCheckpoint(paths.checkpoint, {
      version: 1,
      identity,
      exportedAt: plan.exportedAt,
      base: plan.base,
      lastSourceId,
      journalBytes: journal.bytes,
      journalMessages: journal.messages,
    });
  };
  // Before any file is written, so a crash from here on resumes with this run's exportedAt.
  await checkpoint().catch(async (error) => {
    await journal.close();
    throw error;
  });

  const outputs = new OutputSet(targets, header, request.options, rule, {
    ...request.html,
    reverse: request.reverse ?? false,
  });
  let spill: ReverseSpill | undefined;
  let finished = false;
  try {
    if (!request.reverse) for await (const message of journal.read()) await outputs.write(message);
    const range = sourceRange(bounds, lastSourceId);
    const every = request.checkpointEvery ?? defaultCheckpointEvery;
    let sinceCheckpoint = 0;
    for await (const page of source.pages(range)) {
      for (const message of page.messages) {
        signal?.throwIfAborted();
        // The source's range already excludes these; checked again so no message is written twice.
        if (!isWithinBounds(message.id, range)) continue;
        if (filter === undefined || filter(message)) {
          const kept = request.localize ? await request.localize(message, signal) : message;
          await journal.append(kept);
          lastSourceId = message.id;
          if (!request.reverse) await outputs.write(kept);
        } else {
          lastSourceId = message.id;
        }
      }
      sinceCheckpoint += page.messages.length;
      if (sinceCheckpoint >= every) {
        await checkpoint();
        sinceCheckpoint = 0;
      }
      request.onProgress?.({ messages: journal.messages, progress: page.progress });
      signal?.throwIfAborted();
    }
    if (request.reverse) {
      // The journal is the run's messages oldest first; the spill gives them back newest first.
      spill = await ReverseSpill.create(paths.dir);
      for await (const message of journal.read()) await spill.append(message);
      for await (const message of spill.newestFirst()) await outputs.write(message);
      // Before finishing, which removes the state folder the spill lies in when it is left empty.
      await spill.dispose();
      spill = undefined;
    }
    // A new partition with nothing new adds no empty file next to the ones the target has.
    const files = await outputs.end(request.incremental === 'partition' && plan.base.parts.some((count) => count > 0));
    await journal.close();
    finished = true;
    await finishRun({ paths, identity, incremental: request.incremental, plan, lastSourceId, files, journal });
    return {
      messages: outputs.messagesWritten,
      newMessages: journal.messages - plan.base.journalMessages,
      files,
      resumed: plan.resumed,
      lastMessageId: lastSourceId,
      stateDir: paths.dir,
    };
  } catch (error) {
    await outputs.discard();
    const nothingDone = !plan.resumed && !request.incremental && lastSourceId === plan.lastSourceId && !signal?.aborted;
    if (!finished && nothingDone) {
      // A channel refused on its first page (403, 404) leaves no state to resume from beside the output.
      await journal.close().catch(() => undefined);
      await rm(paths.dir, { recursive: true, force: true });
    } else if (!finished) {
      // Everything journaled was handled in full, so the checkpoint can go up to it; a failing disk
      // leaves the last one written instead.
      await checkpoint().catch(() => undefined);
      await journal.close().catch(() => undefined);
    }
    if (signal?.aborted) throw new ExportAbortedError(paths.dir, { cause: signal.reason });
    throw error;
  } finally {
    await spill?.dispose();
  }
}

/** The first output's path, once the outputs are known to be writable together. */
function checkRequest(request: ExportChannelRequest): string {
  const [first] = request.outputs;
  if (!first) throw new ExportRequestError('The export has no output: give at least one format and path.');
  const seen = new Set<string>();
  for (const { format, path } of request.outputs) {
    const absolute = resolve(path);
    if (seen.has(absolute)) {
      throw new ExportRequestError(`Two outputs write ${path} (one of them ${format}): give each format its own path.`);
    }
    seen.add(absolute);
  }
  return first.path;
}
