import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import Assembler from 'stream-json/Assembler.js';
import Parser from 'stream-json/Parser.js';
import type { ExportHeader, ExportMessage } from './export-document.js';

/** A file that cannot be read as a DCE JSON export, with where and why. */
export class DceJsonReadError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot read ${path} as a DiscordChatExporter JSON export: ${reason}`, options);
    this.name = 'DceJsonReadError';
  }
}

/** An open export: its header, then its messages one at a time, in file order. */
export interface DceJsonExport {
  readonly header: ExportHeader;
  /** Iterable once; breaking out of the loop closes the file. */
  readonly messages: AsyncIterable<ExportMessage>;
  /** Closes the file without reading the rest. */
  close(): void;
}

/** Messages parsed ahead of the consumer before the file is paused. */
const readAhead = 256;

type Token = { name: string; value?: string };
type Json = Record<string, unknown>;

/**
 * Older DCE versions lack some arrays and nullable dates (and a message kind DCE does not name is a
 * number in a string); filling them in lets every writer rely on the model's shape.
 */
function normalizeMessage(value: Json): ExportMessage {
  for (const key of ['attachments', 'embeds', 'stickers', 'reactions', 'mentions', 'inlineEmojis']) value[key] ??= [];
  for (const key of ['timestampEdited', 'callEndedTimestamp']) value[key] ??= null;
  value.isPinned ??= false;
  value.content ??= '';
  if (typeof value.type === 'string' && /^\d+$/.test(value.type)) value.type = Number(value.type);
  for (const reaction of value.reactions as Json[]) reaction.users ??= [];
  return value as unknown as ExportMessage;
}

function normalizeHeader(path: string, value: Json): ExportHeader {
  const { guild, channel } = value;
  if (typeof guild !== 'object' || guild === null || typeof channel !== 'object' || channel === null) {
    throw new DceJsonReadError(path, 'no "guild" and "channel" before "messages"');
  }
  const withParent = channel as Json;
  for (const key of ['categoryId', 'category', 'topic']) withParent[key] ??= null;
  return {
    guild: guild as ExportHeader['guild'],
    channel: withParent as unknown as ExportHeader['channel'],
    dateRange: (value.dateRange as ExportHeader['dateRange'] | undefined) ?? { after: null, before: null },
    // Exports older than DCE 2.3x have no exportedAt; empty says "unknown" to whoever renders it.
    exportedAt: typeof value.exportedAt === 'string' ? value.exportedAt : '',
  };
}

/**
 * Opens a DCE JSON export and reads it as a stream (stream-json): the header is ready when this
 * resolves, and the messages are parsed only as the consumer asks for them, at most `readAhead`
 * ahead, so a file of a million messages is read in the memory of a few hundred.
 */
export function openDceJson(path: string): Promise<DceJsonExport> {
  const source = createReadStream(path);
  const tokens = new Parser({ packValues: true, streamValues: false });
  const assembler = new Assembler();
  const queue: ExportMessage[] = [];
  const headerFields: Json = {};
  let assembling = false;
  let key: string | null = null;
  let rootOpen = false;
  let inMessages = false;
  let finished = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;

  let resolveHeader: (header: ExportHeader) => void = () => {};
  let rejectHeader: (error: Error) => void = () => {};
  const header = new Promise<ExportHeader>((resolve, reject) => {
    resolveHeader = resolve;
    rejectHeader = reject;
  });

  const notify = (): void => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const fail = (error: unknown): void => {
    if (failure) return;
    failure =
      error instanceof DceJsonReadError
        ? error
        : new DceJsonReadError(path, error instanceof Error ? error.message : String(error), { cause: error });
    rejectHeader(failure);
    source.destroy();
    notify();
  };

  const deliver = (value: unknown): void => {
    if (!inMessages) {
      if (key !== null) headerFields[key] = value;
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DceJsonReadError(path, `message ${queue.length + 1} of a batch is not an object`);
    }
    queue.push(normalizeMessage(value as Json));
    if (queue.length >= readAhead) tokens.pause();
    notify();
  };

  const handle = (token: Token): void => {
    if (assembling) {
      assembler.consume(token);
      if (assembler.done) {
        assembling = false;
        deliver(assembler.current);
      }
      return;
    }
    if (!rootOpen) {
      if (token.name !== 'startObject') throw new DceJsonReadError(path, 'the document is not a JSON object');
      rootOpen = true;
      return;
    }
    switch (token.name) {
      case 'keyValue':
        key = token.value ?? '';
        return;
      case 'startArray':
        if (key === 'messages') {
          inMessages = true;
          resolveHeader(normalizeHeader(path, headerFields));
          return;
        }
        break;
      case 'endArray':
        // Only the messages array ends here; any other array is inside the assembler.
        inMessages = false;
        key = null;
        return;
      case 'endObject':
        return;
    }
    assembler.consume(token);
    if (assembler.done) deliver(assembler.current);
    else assembling = true;
  };

  tokens.on('data', (token: Token) => {
    try {
      handle(token);
    } catch (error) {
      fail(error);
    }
  });
  pipeline(source, tokens, (error) => {
    if (error) return fail(error);
    finished = true;
    // Settles the header only when the file had no messages array; a resolved promise ignores it.
    rejectHeader(new DceJsonReadError(path, 'no "messages" array'));
    notify();
  });

  async function* messages(): AsyncGenerator<ExportMessage> {
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          if (queue.length < readAhead / 2 && tokens.isPaused()) tokens.resume();
          yield next;
          continue;
        }
        if (failure) throw failure;
        if (finished) return;
        tokens.resume();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      source.destroy();
    }
  }

  return header.then((value) => ({
    header: value,
    messages: messages(),
    close: () => source.destroy(),
  }));
}
