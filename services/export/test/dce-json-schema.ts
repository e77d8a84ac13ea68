/**
 * DCE's JSON export as a JSON Schema, written from the reference (../shared/reference/
 * discord-chat-exporter.md §4) rather than from our writer, so the tests check one against the
 * other. `keyOrder` is the same reference's order of keys, which a schema cannot express.
 */

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?[+-]\\d{2}:\\d{2}$' };
const nullableDate = { anyOf: [date, { type: 'null' }] };
const nullableString = { type: ['string', 'null'] };
const snowflake = { type: 'string', pattern: '^\\d+$' };

function object(properties: Record<string, unknown>, optional: string[] = []) {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  };
}

const emoji = object({
  id: { type: 'string', pattern: '^\\d*$' },
  name: { type: 'string' },
  code: { type: 'string' },
  isAnimated: { type: 'boolean' },
  imageUrl: { type: 'string' },
});
const role = object({ id: snowflake, name: { type: 'string' }, color: nullableString, position: { type: 'integer' } });
const userProperties = {
  id: snowflake,
  name: { type: 'string' },
  discriminator: { type: 'string', pattern: '^\\d{4}$' },
  nickname: { type: 'string' },
  color: nullableString,
  isBot: { type: 'boolean' },
  roles: { type: 'array', items: role },
  avatarUrl: { type: 'string' },
};
const user = object(userProperties);
const reactionUser = object(userProperties, ['roles']);
const attachment = object({
  id: snowflake,
  url: { type: 'string' },
  fileName: { type: 'string' },
  fileSizeBytes: { type: 'integer', minimum: 0 },
});
const embedImage = object(
  {
    url: { type: 'string' },
    canonicalUrl: { type: 'string' },
    width: { type: ['integer', 'null'] },
    height: { type: ['integer', 'null'] },
  },
  ['url', 'canonicalUrl'],
);
const embed = object(
  {
    title: { type: 'string' },
    url: nullableString,
    timestamp: nullableDate,
    description: { type: 'string' },
    color: { type: 'string', pattern: '^#[0-9A-F]{6}$' },
    author: object(
      {
        name: { type: 'string' },
        url: nullableString,
        iconUrl: { type: 'string' },
        iconCanonicalUrl: { type: 'string' },
      },
      ['iconUrl', 'iconCanonicalUrl'],
    ),
    thumbnail: embedImage,
    image: embedImage,
    video: embedImage,
    footer: object({ text: { type: 'string' }, iconUrl: { type: 'string' }, iconCanonicalUrl: { type: 'string' } }, [
      'iconUrl',
      'iconCanonicalUrl',
    ]),
    images: { type: 'array', items: embedImage },
    fields: {
      type: 'array',
      items: object({ name: { type: 'string' }, value: { type: 'string' }, isInline: { type: 'boolean' } }),
    },
    inlineEmojis: { type: 'array', items: emoji },
  },
  ['color', 'author', 'thumbnail', 'image', 'video', 'footer'],
);
const sticker = object({
  id: snowflake,
  name: { type: 'string' },
  format: { enum: ['Png', 'Apng', 'Lottie', 'Gif'] },
  sourceUrl: { type: 'string' },
});
const messageKinds = [
  'Default',
  'RecipientAdd',
  'RecipientRemove',
  'Call',
  'ChannelNameChange',
  'ChannelIconChange',
  'ChannelPinnedMessage',
  'GuildMemberJoin',
  'ThreadCreated',
  'Reply',
];
const message = object(
  {
    id: snowflake,
    // A kind DCE does not name is .NET's enum ToString() of it: the number, as a string.
    type: { anyOf: [{ enum: messageKinds }, { type: 'string', pattern: '^\\d+$' }] },
    timestamp: date,
    timestampEdited: nullableDate,
    callEndedTimestamp: nullableDate,
    isPinned: { type: 'boolean' },
    content: { type: 'string' },
    author: user,
    attachments: { type: 'array', items: attachment },
    embeds: { type: 'array', items: embed },
    stickers: { type: 'array', items: sticker },
    reactions: {
      type: 'array',
      items: object({ emoji, count: { type: 'integer', minimum: 1 }, users: { type: 'array', items: reactionUser } }),
    },
    mentions: { type: 'array', items: user },
    reference: object({
      type: { enum: ['Default', 'Forward'] },
      messageId: { anyOf: [snowflake, { type: 'null' }] },
      channelId: { anyOf: [snowflake, { type: 'null' }] },
      guildId: { anyOf: [snowflake, { type: 'null' }] },
    }),
    forwardedMessage: object({
      timestamp: date,
      timestampEdited: nullableDate,
      content: { type: 'string' },
      attachments: { type: 'array', items: attachment },
      embeds: { type: 'array', items: embed },
      stickers: { type: 'array', items: sticker },
    }),
    interaction: object({ id: snowflake, name: { type: 'string' }, user }),
    inlineEmojis: { type: 'array', items: emoji },
  },
  ['reference', 'forwardedMessage', 'interaction'],
);

export const dceJsonSchema = object({
  guild: object({ id: snowflake, name: { type: 'string' }, iconUrl: { type: 'string' } }),
  channel: object(
    {
      id: snowflake,
      type: {
        enum: [
          'GuildTextChat',
          'DirectTextChat',
          'GuildVoiceChat',
          'DirectGroupTextChat',
          'GuildCategory',
          'GuildNews',
          'GuildNewsThread',
          'GuildPublicThread',
          'GuildPrivateThread',
          'GuildStageVoice',
          'GuildDirectory',
          'GuildForum',
        ],
      },
      categoryId: { anyOf: [snowflake, { type: 'null' }] },
      category: nullableString,
      name: { type: 'string' },
      topic: nullableString,
      iconUrl: { type: 'string' },
    },
    ['iconUrl'],
  ),
  dateRange: object({ after: nullableDate, before: nullableDate }),
  exportedAt: date,
  messages: { type: 'array', items: message },
  messageCount: { type: 'integer', minimum: 0 },
});

/** Each object's keys in the reference's order; a key absent from an object is skipped. */
const userOrder = ['id', 'name', 'discriminator', 'nickname', 'color', 'isBot', 'roles', 'avatarUrl'];
const embedImageOrder = ['url', 'canonicalUrl', 'width', 'height'];
export const keyOrder: Record<string, readonly string[]> = {
  document: ['guild', 'channel', 'dateRange', 'exportedAt', 'messages', 'messageCount'],
  guild: ['id', 'name', 'iconUrl'],
  channel: ['id', 'type', 'categoryId', 'category', 'name', 'topic', 'iconUrl'],
  dateRange: ['after', 'before'],
  message: [
    'id',
    'type',
    'timestamp',
    'timestampEdited',
    'callEndedTimestamp',
    'isPinned',
    'content',
    'author',
    'attachments',
    'embeds',
    'stickers',
    'reactions',
    'mentions',
    'reference',
    'forwardedMessage',
    'interaction',
    'inlineEmojis',
  ],
  user: userOrder,
  role: ['id', 'name', 'color', 'position'],
  attachment: ['id', 'url', 'fileName', 'fileSizeBytes'],
  embed: [
    'title',
    'url',
    'timestamp',
    'description',
    'color',
    'author',
    'thumbnail',
    'image',
    'video',
    'footer',
    'images',
    'fields',
    'inlineEmojis',
  ],
  embedAuthor: ['name', 'url', 'iconUrl', 'iconCanonicalUrl'],
  embedImage: embedImageOrder,
  embedFooter: ['text', 'iconUrl', 'iconCanonicalUrl'],
  embedField: ['name', 'value', 'isInline'],
  emoji: ['id', 'name', 'code', 'isAnimated', 'imageUrl'],
  sticker: ['id', 'name', 'format', 'sourceUrl'],
  reaction: ['emoji', 'count', 'users'],
  reference: ['type', 'messageId', 'channelId', 'guildId'],
  forwardedMessage: ['timestamp', 'timestampEdited', 'content', 'attachments', 'embeds', 'stickers'],
  interaction: ['id', 'name', 'user'],
};

/** Which key order each nested object follows, by its key in its parent. */
const childOrder: Record<string, string> = {
  guild: 'guild',
  channel: 'channel',
  dateRange: 'dateRange',
  messages: 'message',
  author: 'user',
  mentions: 'user',
  users: 'user',
  user: 'user',
  roles: 'role',
  attachments: 'attachment',
  embeds: 'embed',
  thumbnail: 'embedImage',
  image: 'embedImage',
  video: 'embedImage',
  images: 'embedImage',
  footer: 'embedFooter',
  fields: 'embedField',
  emoji: 'emoji',
  inlineEmojis: 'emoji',
  stickers: 'sticker',
  reactions: 'reaction',
  reference: 'reference',
  forwardedMessage: 'forwardedMessage',
  interaction: 'interaction',
};

/** Every place in a parsed document whose keys are out of the reference's order, as `path: keys`. */
export function keyOrderViolations(document: unknown): string[] {
  const violations: string[] = [];
  const visit = (value: unknown, order: string, path: string): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, order, `${path}[${i}]`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const keys = Object.keys(value);
    // Inside an embed, `author` is the embed's author, not a user.
    const expected = (keyOrder[order] ?? []).filter((key) => keys.includes(key));
    if (keys.join() !== expected.join()) violations.push(`${path}: ${keys.join(',')}`);
    for (const key of keys) {
      const child = order === 'embed' && key === 'author' ? 'embedAuthor' : childOrder[key];
      if (child) visit((value as Record<string, unknown>)[key], child, `${path}.${key}`);
    }
  };
  visit(document, 'document', '$');
  return violations;
}
