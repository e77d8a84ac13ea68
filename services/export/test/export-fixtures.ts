import type { ExportHeader, ExportMessage, ExportUser } from '../src/model/export-document.js';
import type { ByteSink } from '../src/writers/file-sink.js';
import type { MessageWriter, RenderOptions } from '../src/writers/message-writer.js';

/** Collects what a writer writes, for tests that read the text back. */
export class MemorySink implements ByteSink {
  text = '';
  closed = false;
  bytesWritten = 0;

  async write(text: string): Promise<void> {
    if (this.closed) throw new Error('write after close');
    this.text += text;
    this.bytesWritten += Buffer.byteLength(text);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
  }
}

export const utcOptions: RenderOptions = { locale: 'en-US', utc: true, markdown: true };

export function sampleHeader(overrides: Partial<ExportHeader> = {}): ExportHeader {
  return {
    guild: {
      id: '866458840245076028',
      name: 'Test Server — Ünïcode',
      iconUrl: 'https://cdn.discordapp.com/icons/1/a.png',
    },
    channel: {
      id: '866674248747319326',
      type: 'GuildTextChat',
      categoryId: '866458840245076030',
      category: 'Text Channels',
      name: 'date-range',
      topic: null,
    },
    dateRange: { after: null, before: null },
    exportedAt: '2025-01-02T03:04:05.678+00:00',
    ...overrides,
  };
}

export const author: ExportUser = {
  id: '128178626683338752',
  name: 'tyrrrz',
  discriminator: '0000',
  nickname: 'Tyrrrz',
  color: '#E91E63',
  isBot: false,
  roles: [{ id: '1', name: 'Admin', color: '#E91E63', position: 3 }],
  avatarUrl: 'https://cdn.discordapp.com/avatars/1/a.png',
};

/** A message of only the fields every message has. */
export function plainMessage(id: string, content: string, timestamp = '2021-07-19T13:34:18.187+00:00'): ExportMessage {
  return {
    id,
    type: 'Default',
    timestamp,
    timestampEdited: null,
    callEndedTimestamp: null,
    isPinned: false,
    content,
    author,
    attachments: [],
    embeds: [],
    stickers: [],
    reactions: [],
    mentions: [],
    inlineEmojis: [],
  };
}

/** A message with every optional part DCE can write, to check each is kept and in order. */
export function richMessage(id = '885169254029213696'): ExportMessage {
  const emoji = { id: '', name: '🙂', code: 'slight_smile', isAnimated: false, imageUrl: 'https://twemoji/1f642.svg' };
  const embed = {
    title: 'Embed title',
    url: 'https://example.com',
    timestamp: '2021-07-14T21:00:00+00:00',
    description: '**Embed** _description_ 🙂',
    color: '#58B9FF',
    author: { name: 'Embed author', url: null, iconUrl: 'https://a/p.png', iconCanonicalUrl: 'https://a/o.png' },
    thumbnail: { url: 'https://t/p.png', canonicalUrl: 'https://t/o.png', width: 80, height: 80 },
    image: { url: 'https://i/p.png', canonicalUrl: 'https://i/o.png', width: 640, height: 480 },
    video: { width: null, height: null },
    footer: { text: 'Footer text', iconUrl: 'https://f/p.png', iconCanonicalUrl: 'https://f/o.png' },
    images: [{ url: 'https://i/p.png', canonicalUrl: 'https://i/o.png', width: 640, height: 480 }],
    fields: [
      { name: 'Field 1', value: 'Value 1', isInline: true },
      { name: 'Field 2', value: 'Value "2"', isInline: false },
    ],
    inlineEmojis: [emoji],
  };
  return {
    ...plainMessage(
      id,
      'Line one, with "quotes"\nline two 🙂 <b>&</b> \\ tab\there',
      '2021-09-08T14:26:35.123456+00:00',
    ),
    type: 'Reply',
    timestampEdited: '2021-09-08T14:27:00+00:00',
    isPinned: true,
    attachments: [
      { id: '885587844989612074', url: 'https://cdn/a/Test.txt', fileName: 'Test.txt', fileSizeBytes: 11 },
      { id: '885587844989612075', url: 'https://cdn/a/b,c.png', fileName: 'b,c.png', fileSizeBytes: 466335 },
    ],
    embeds: [embed],
    stickers: [{ id: '904215665597120572', name: 'Yikes', format: 'Apng', sourceUrl: 'https://cdn/s/1.png' }],
    reactions: [
      { emoji, count: 2, users: [{ ...author, roles: undefined }] },
      {
        emoji: { id: '754441880066064584', name: 'lemon_blush', code: 'lemon_blush', isAnimated: true, imageUrl: 'x' },
        count: 1,
        users: [],
      },
    ],
    mentions: [author],
    reference: { type: 'Default', messageId: '866674314627121232', channelId: '866674248747319326', guildId: null },
    forwardedMessage: {
      timestamp: '2025-12-28T22:52:42.175+00:00',
      timestampEdited: null,
      content: '¯\\_(ツ)_/¯',
      attachments: [],
      embeds: [],
      stickers: [],
    },
    interaction: { id: '1', name: 'ping', user: author },
    inlineEmojis: [emoji],
  };
}

/**
 * Writes a whole file with the writer `create` makes over a MemorySink and returns its text,
 * checking that the writer closed the sink and counted every byte.
 */
export async function writeWith(
  create: (sink: ByteSink, options: RenderOptions) => MessageWriter,
  messages: Iterable<ExportMessage>,
  options: RenderOptions = utcOptions,
  header: ExportHeader = sampleHeader(),
): Promise<string> {
  const sink = new MemorySink();
  const writer = create(sink, options);
  await writer.begin(header);
  for (const message of messages) await writer.write(message);
  await writer.end();
  if (!sink.closed) throw new Error(`${writer.format} writer did not close its sink`);
  if (writer.bytesWritten !== Buffer.byteLength(sink.text)) throw new Error(`${writer.format} miscounted its bytes`);
  return sink.text;
}
