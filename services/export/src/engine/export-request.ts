import type { ExportMessage } from '../model/export-document.js';
import type { ExportOptions } from '../options/export-options.js';
import type { PartitionLimit } from '../options/partition-limit.js';
import type { MessageBounds } from '../render/message-bounds.js';
import type { OutputFiles } from '../render/output-set.js';
import type { HtmlWriterOptions } from '../writers/html/html-writer.js';
import type { ExportFormat, RenderOptions } from '../writers/message-writer.js';
import type { ChannelMessageSource } from './channel-message-source.js';

/** One format of the export and the path of its first file (later parts are `name [part 2].ext`, …). */
export interface ExportOutput {
  format: ExportFormat;
  path: string;
}

/**
 * How a run follows the last one of the same target (same channel, outputs, filter, bounds, options):
 * `partition` writes what is new to new part files next to the old ones; `append` rewrites the
 * outputs so they equal one export of everything exported so far.
 */
export type IncrementalMode = NonNullable<ExportOptions['incremental']>;

export interface ExportProgress {
  /** Messages kept so far (within the bounds and through the filter), journaled ones of a resumed run included. */
  messages: number;
  /** The source's share of its range, 0 to 1. */
  progress: number;
}

export interface ExportChannelRequest {
  source: ChannelMessageSource;
  /** Every format is written in the same pass over the messages, each partitioned on its own. */
  outputs: readonly ExportOutput[];
  /** `--after`/`--before` as message ids, exclusive. */
  bounds?: MessageBounds;
  /**
   * `--filter` as text (compiled with parseFilter). Text rather than a function, because a
   * checkpoint or cursor must tell whether it was written under the same filter.
   */
  filter?: string;
  /** `--partition` as parsed by parsePartitionLimit (data, for the same reason as `filter`). */
  partition?: PartitionLimit;
  /** Newest first (`--reverse`): nothing is written until the source ends. */
  reverse?: boolean;
  options: RenderOptions;
  /** For the HTML formats: the guild's roles and channels, so mentions of ones no message carries still show. */
  html?: Omit<HtmlWriterOptions, 'reverse'>;
  /**
   * Called on each kept message before it is written, e.g. to download its media and point its URLs
   * at the local files. What it returns is what is written and journaled, so a resume does not
   * download again.
   */
  localize?: (message: ExportMessage, signal?: AbortSignal) => Promise<ExportMessage>;
  /** Called after each page of the source. */
  onProgress?: (progress: ExportProgress) => void;
  /** Stops the export at the next message; its checkpoint stays, so the same request resumes it. */
  signal?: AbortSignal;
  /** Continue the last run of this target instead of exporting everything; see {@link IncrementalMode}. */
  incremental?: IncrementalMode;
  /**
   * Where the checkpoint, journal and cursor live: by default `.<file name>.export/` beside the first
   * output (see export-state-paths.ts).
   */
  stateDir?: string;
  /**
   * Messages taken from the source between checkpoints (1,000 by default). Each checkpoint fsyncs the
   * journal, so a lower value loses less work to a crash and costs more syncs.
   */
  checkpointEvery?: number;
  /** The clock `exportedAt` is read from; `Date.now` by default. */
  now?: () => number;
}

export interface ExportChannelResult {
  /** Messages in the files this run wrote (for `append`, everything exported to the target so far). */
  messages: number;
  /** Messages taken from the source since the last completed run of the target. */
  newMessages: number;
  /** The files written by this run, per output, in order; none for a `partition` run with nothing new. */
  files: readonly OutputFiles[];
  /** Whether the run continued from a checkpoint left by an interrupted one. */
  resumed: boolean;
  /** The newest message id taken from the source, kept or not: where the next incremental run starts. */
  lastMessageId: string | null;
  stateDir: string;
}
