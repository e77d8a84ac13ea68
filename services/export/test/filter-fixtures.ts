import type {
  ExportAttachment,
  ExportEmbed,
  ExportEmoji,
  ExportMessage,
  ExportReaction,
  ExportUser,
} from '../src/model/export-document.js';
import { author, plainMessage } from './export-fixtures.js';

/** Small builders of ExportMessage parts for filter tests; everything else as in a plain message. */

let nextId = 900000000000000000n;

export function user(name: string, parts: Partial<ExportUser> = {}): ExportUser {
  nextId += 1n;
  return { ...author, id: String(nextId), name, nickname: name, discriminator: '0000', roles: [], ...parts };
}

export function message(content: string, parts: Partial<ExportMessage> = {}): ExportMessage {
  nextId += 1n;
  return { ...plainMessage(String(nextId), content), ...parts };
}

export function attachment(fileName: string): ExportAttachment {
  nextId += 1n;
  return {
    id: String(nextId),
    url: `https://cdn.discordapp.com/attachments/1/2/${fileName}`,
    fileName,
    fileSizeBytes: 1,
  };
}

export function embed(parts: Partial<ExportEmbed> = {}): ExportEmbed {
  return { title: '', url: null, timestamp: null, description: '', images: [], fields: [], inlineEmojis: [], ...parts };
}

export function reaction(emoji: Partial<ExportEmoji>): ExportReaction {
  return {
    emoji: { id: '', name: '', code: '', isAnimated: false, imageUrl: 'https://twemoji/x.svg', ...emoji },
    count: 1,
    users: [],
  };
}

export { author };
