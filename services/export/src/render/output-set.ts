import { rm } from 'node:fs/promises';
import type { ExportHeader, ExportMessage } from '../model/export-document.js';
import { openFileWriter } from '../writers/create-writer.js';
import type { HtmlWriterOptions } from '../writers/html/html-writer.js';
import type { ExportFormat, RenderOptions } from '../writers/message-writer.js';
import { PartitionedWriter, type PartitionRule } from './partitioner.js';

/** One output: a format and the path of its first file. */
export interface OutputTarget {
  format: ExportFormat;
  path: string;
  /**
   * The 0-based part the first file written is: 0 writes `path` itself; an incremental run that adds a
   * partition to a target already holding two files passes 2 and starts at `name [part 3].ext`.
   */
  firstPart?: number;
}

/** The files one output was written to, in order. */
export interface OutputFiles {
  format: ExportFormat;
  paths: readonly string[];
}

interface Output {
  format: ExportFormat;
  writer: PartitionedWriter;
}

/**
 * Every output of one export, fed by one pass over the messages, each partitioned on its own
 * (HTML and JSON reach a size limit at different messages). Shared by `render` and the live export.
 */
export class OutputSet {
  readonly #outputs: Output[];

  constructor(
    targets: readonly OutputTarget[],
    header: ExportHeader,
    options: RenderOptions,
    partition?: PartitionRule,
    html: HtmlWriterOptions = {},
  ) {
    this.#outputs = targets.map(({ format, path, firstPart }) => {
      const open = (file: string) => openFileWriter(format, file, options, html);
      const writer = new PartitionedWriter({ basePath: path, firstPart, header, isFull: partition, open });
      return { format, writer };
    });
  }

  /** Messages written to each output. */
  get messagesWritten(): number {
    return this.#outputs[0]?.writer.messagesWritten ?? 0;
  }

  async write(message: ExportMessage): Promise<void> {
    for (const { writer } of this.#outputs) await writer.write(message);
  }

  /**
   * Finishes every output. An output given no message still gets one empty file, as DCE writes it,
   * unless `skipEmpty`: an incremental partition with nothing new adds no file.
   */
  async end(skipEmpty = false): Promise<OutputFiles[]> {
    const files: OutputFiles[] = [];
    for (const { format, writer } of this.#outputs) {
      if (!(skipEmpty && writer.messagesWritten === 0)) await writer.end();
      files.push({ format, paths: writer.paths });
    }
    return files;
  }

  /** Closes and removes every file written: a failed export leaves no half-written files behind. */
  async discard(): Promise<void> {
    for (const { writer } of this.#outputs) {
      // Closes the open file; what it wrote is removed just after.
      if (writer.paths.length > 0) await writer.end().catch(() => undefined);
      await Promise.all(writer.paths.map((path) => rm(path, { force: true })));
    }
  }
}
