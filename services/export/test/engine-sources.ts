import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChannelMessageSource, MessagePage } from '../src/engine/channel-message-source.js';
import type { ExportMessage } from '../src/model/export-document.js';
import { isWithinBounds, type MessageBounds } from '../src/render/message-bounds.js';
import { generatedMessages } from './export-files.js';
import { richMessage, sampleHeader } from './export-fixtures.js';

/** A channel held in a list, for the engine's tests: push to `messages` to post new ones. */
export interface ListSource extends ChannelMessageSource {
  messages: ExportMessage[];
  /** The range of every `pages` call, in order. */
  ranges: MessageBounds[];
}

export interface ListSourceOptions {
  pageSize?: number;
  /** Throws SourceFailure once this many pages have been given (a crash of the Discord side). */
  failAfterPages?: number;
  /** Waits forever once this many pages have been given, so a test can kill the process mid-export. */
  stallAfterPages?: number;
}

export class SourceFailure extends Error {}

export function listSource(messages: ExportMessage[], options: ListSourceOptions = {}): ListSource {
  const { guild, channel } = sampleHeader();
  const pageSize = options.pageSize ?? 3;
  const ranges: MessageBounds[] = [];
  return {
    guild,
    channel,
    messages,
    ranges,
    async *pages(range: MessageBounds): AsyncGenerator<MessagePage> {
      ranges.push(range);
      const inRange = messages.filter((message) => isWithinBounds(message.id, range));
      const pages = Math.ceil(inRange.length / pageSize);
      for (let page = 0; page < pages; page++) {
        if (page === options.failAfterPages) throw new SourceFailure(`source failed after ${page} pages`);
        if (page === options.stallAfterPages) await new Promise(() => setInterval(() => undefined, 60_000));
        // A real source hands pages over asynchronously; so does this one.
        await new Promise((resolve) => setImmediate(resolve));
        yield { messages: inRange.slice(page * pageSize, (page + 1) * pageSize), progress: (page + 1) / pages };
      }
    },
  };
}

/**
 * `count` messages in id order, every fourth one rich (reply, embed, reactions, attachments), so
 * the formats' harder paths go through the journal too.
 */
export function channelMessages(count: number): ExportMessage[] {
  return [...generatedMessages(count)].map((message, index) =>
    index % 4 === 3 ? { ...richMessage(message.id), timestamp: message.timestamp } : message,
  );
}

/** Every output file of a folder (the state folder, hidden, left out), by name. */
export async function readOutputs(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name))] as const)));
}
