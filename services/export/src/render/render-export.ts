import { resolve } from 'node:path';
import { openDceJson } from '../model/dce-json-reader.js';
import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import type { ExportFormat, RenderOptions } from '../writers/message-writer.js';
import { isoAt, narrowedRange } from './header-dates.js';
import { isWithinBounds, type MessageBounds } from './message-bounds.js';
import { OutputSet } from './output-set.js';
import type { PartitionRule } from './partitioner.js';
import { ReverseSpill } from './reverse-spill.js';

/** One output of a render: a format and the path of its first file. */
export interface RenderOutput {
  format: ExportFormat;
  path: string;
}

export interface RenderRequest {
  /** A DCE JSON export (ours or DiscordChatExporter's). */
  input: string;
  /** The outputs, chosen once the header is read (the output template names guild and channel). */
  outputs: (header: ExportHeader) => readonly RenderOutput[];
  /** `--filter`: a MessageFilter from parseFilter (src/filter). */
  filter?: (message: ExportMessage) => boolean;
  /** Exclusive message-id bounds (`--after`/`--before`, parsed with parseMessageBound). */
  bounds?: MessageBounds;
  /** `--partition`, as a rule on each file's messages and bytes. */
  partition?: PartitionRule;
  /** Newest first (`--reverse`). */
  reverse?: boolean;
  options: RenderOptions;
  /** Where `--reverse` keeps its spill file; the system's temporary folder by default. */
  tempDir?: string;
}

export interface RenderResult {
  /** Messages written (to each output). */
  messages: number;
  files: readonly { format: ExportFormat; paths: readonly string[] }[];
}

/** Outputs that cannot be written as asked. */
export class RenderOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderOutputError';
  }
}

/**
 * `render`: re-renders an existing DCE JSON export to any formats in one pass over its messages,
 * applying the bounds, the filter, `--reverse` and partitioning, without Discord. The input is read
 * as a stream and every output written as one, so memory does not grow with the export; `--reverse`
 * goes through a ReverseSpill (a temporary file read backwards), since the newest message of a file
 * read forwards comes last.
 */
export async function renderExport(request: RenderRequest): Promise<RenderResult> {
  const source = await openDceJson(request.input);
  const bounds = request.bounds ?? {};
  const header: ExportHeader = {
    ...source.header,
    dateRange: narrowedRange(source.header.dateRange, bounds),
    // The time of the export the data came from; a file too old to say gets the time of this render.
    exportedAt: source.header.exportedAt || isoAt(Date.now()),
  };
  const keep = (message: ExportMessage): boolean =>
    isWithinBounds(message.id, bounds) && (request.filter === undefined || request.filter(message));

  const targets = request.outputs(header);
  const overwritten = targets.find((target) => resolve(target.path) === resolve(request.input));
  if (overwritten) {
    source.close();
    throw new RenderOutputError(`The ${overwritten.format} output ${overwritten.path} is the input itself`);
  }
  const outputs = new OutputSet(targets, header, request.options, request.partition, {
    reverse: request.reverse ?? false,
  });

  let spill: ReverseSpill | undefined;
  try {
    if (request.reverse) spill = await ReverseSpill.create(request.tempDir);
    for await (const message of source.messages) {
      if (!keep(message)) continue;
      if (spill) await spill.append(message);
      else await outputs.write(message);
    }
    if (spill) for await (const message of spill.newestFirst()) await outputs.write(message);
    const files = await outputs.end();
    return { messages: outputs.messagesWritten, files };
  } catch (error) {
    await outputs.discard();
    throw error;
  } finally {
    source.close();
    await spill?.dispose();
  }
}
