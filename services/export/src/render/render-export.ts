import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { snowflakeTime } from '@platform/discord';
import { openDceJson } from '../model/dce-json-reader.js';
import type { ExportDateRange, ExportHeader, ExportMessage } from '../model/export-document.js';
import { openFileWriter } from '../writers/create-writer.js';
import { formatIsoInstant, instantFromMillis, instantMillis, parseInstant } from '../writers/date-format.js';
import type { ExportFormat, RenderOptions } from '../writers/message-writer.js';
import { isWithinBounds, type MessageBounds } from './message-bounds.js';
import { PartitionedWriter, type PartitionRule } from './partitioner.js';
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

const isoAt = (millis: number): string => formatIsoInstant(instantFromMillis(millis), 0, false);

/** The later `after` and the earlier `before` of the file's range and the render's bounds. */
function narrowedRange(range: ExportDateRange, bounds: MessageBounds): ExportDateRange {
  const pick = (own: string | null, bound: string | undefined, later: boolean): string | null => {
    if (bound === undefined) return own;
    const boundMillis = snowflakeTime(bound);
    if (own === null) return isoAt(boundMillis);
    const ownMillis = instantMillis(parseInstant(own));
    return later === boundMillis > ownMillis ? isoAt(boundMillis) : own;
  };
  return { after: pick(range.after, bounds.after, true), before: pick(range.before, bounds.before, false) };
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
  const outputs = targets.map(({ format, path }) => {
    const open = (file: string) => openFileWriter(format, file, request.options);
    return [format, new PartitionedWriter({ basePath: path, header, isFull: request.partition, open })] as const;
  });
  let written = 0;
  const writeAll = async (message: ExportMessage): Promise<void> => {
    written++;
    for (const [, writer] of outputs) await writer.write(message);
  };

  let spill: ReverseSpill | undefined;
  try {
    if (request.reverse) spill = await ReverseSpill.create(request.tempDir);
    for await (const message of source.messages) {
      if (!keep(message)) continue;
      if (spill) await spill.append(message);
      else await writeAll(message);
    }
    if (spill) for await (const message of spill.newestFirst()) await writeAll(message);
    const files = [];
    for (const [format, writer] of outputs) files.push({ format, paths: await writer.end() });
    return { messages: written, files };
  } catch (error) {
    await removeOutputs(outputs.map(([, writer]) => writer));
    throw error;
  } finally {
    source.close();
    await spill?.dispose();
  }
}

/** A failed render leaves no half-written files behind. */
async function removeOutputs(writers: readonly PartitionedWriter[]): Promise<void> {
  for (const writer of writers) {
    // Closes the open file; what it writes is removed just after.
    await writer.end().catch(() => undefined);
    await Promise.all(writer.paths.map((path) => rm(path, { force: true })));
  }
}
