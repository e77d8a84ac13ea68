import type { Envelope } from '@platform/contracts';
import { z } from 'zod';

/**
 * What the statistics store records of each gateway event, as plain rows: the pure half of ingest.
 * Every time is epoch ms and is the event's own (a message's snowflake, an edit's edited_timestamp, a
 * join's joined_at), or the gateway's receipt time for events that carry none (deletions, reactions,
 * voice states, leaves), never the time the consumer saw it.
 */

/** The dispatches the store reads; every other event is left to other services. */
export const INGESTED_EVENTS = [
  'MESSAGE_CREATE',
  'MESSAGE_UPDATE',
  'MESSAGE_DELETE',
  'MESSAGE_DELETE_BULK',
  'MESSAGE_REACTION_ADD',
  'VOICE_STATE_UPDATE',
  'GUILD_CREATE',
  'GUILD_UPDATE',
  'GUILD_MEMBER_ADD',
  'GUILD_MEMBER_REMOVE',
  'GUILD_MEMBERS_CHUNK',
] as const;

export type IngestedEvent = (typeof INGESTED_EVENTS)[number];

export interface MessageRow {
  kind: 'message';
  guildId: string;
  channelId: string;
  messageId: string;
  authorId: string;
  /** From the snowflake. */
  at: number;
  attachments: number;
  embeds: number;
  stickers: number;
  mentions: number;
  /** Null once the guild's settings say content is not stored. */
  content: string | null;
}

/** One version of a message: an edit is identified by the message and its edited_timestamp. */
export interface EditRow {
  kind: 'edit';
  guildId: string;
  channelId: string;
  messageId: string;
  authorId: string;
  at: number;
}

export interface DeleteRow {
  kind: 'delete';
  guildId: string;
  channelId: string;
  messageId: string;
  /** The message's own time, from the snowflake: where its row lives. */
  createdAt: number;
  at: number;
}

export interface ReactionRow {
  kind: 'reaction';
  guildId: string;
  channelId: string;
  messageId: string;
  userId: string;
  /** Whose message received it; null when the payload does not say. */
  authorId: string | null;
  emoji: string;
  at: number;
}

/** A user's voice state at a moment; `channelId` null means out of voice. */
export interface VoiceRow {
  kind: 'voice';
  guildId: string;
  userId: string;
  channelId: string | null;
  at: number;
  /** Orders states of the same millisecond: the gateway sequence. */
  ord: number;
  muted: boolean;
  deafened: boolean;
  streaming: boolean;
  video: boolean;
}

/**
 * The voice states of a guild as GUILD_CREATE lists them: everyone in voice at `at`. Users the store
 * believes in voice and absent from it left while nobody was listening.
 */
export interface VoiceSnapshotRow {
  kind: 'voiceSnapshot';
  guildId: string;
  at: number;
  ord: number;
  states: VoiceRow[];
}

export interface GuildRow {
  kind: 'guild';
  guildId: string;
  afkChannelId: string | null;
  /** Only GUILD_CREATE tells it. */
  memberCount: number | null;
  at: number;
}

/** A member seen in a snapshot (GUILD_CREATE, GUILD_MEMBERS_CHUNK): present at `at`. */
export interface MemberRow {
  kind: 'member';
  guildId: string;
  userId: string;
  at: number;
}

export interface JoinRow {
  kind: 'join';
  guildId: string;
  userId: string;
  bot: boolean;
  at: number;
}

export interface LeaveRow {
  kind: 'leave';
  guildId: string;
  userId: string;
  bot: boolean;
  at: number;
}

/** An account seen with the bot flag. */
export interface BotRow {
  kind: 'bot';
  userId: string;
}

export type EventRow =
  | MessageRow
  | EditRow
  | DeleteRow
  | ReactionRow
  | VoiceRow
  | VoiceSnapshotRow
  | GuildRow
  | MemberRow
  | JoinRow
  | LeaveRow
  | BotRow;

/** Why an event adds nothing to the statistics. */
export type IgnoreReason = 'bot' | 'dm' | 'not_counted' | 'unavailable';

export interface MappedEvent {
  type: string;
  rows: EventRow[];
  /** Set when the event counts for nothing (it may still carry facts, such as a bot's id). */
  ignored: IgnoreReason | null;
}

/** The payload lacks or mistypes a field the store needs: retrying cannot help. */
export class InvalidEventError extends Error {
  constructor(
    readonly type: string,
    readonly reason: string,
  ) {
    super(`${type}: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

const DISCORD_EPOCH_MS = 1_420_070_400_000;
const INT8_MAX = '9223372036854775807';

/** Message types that are people talking: default messages and replies (system messages are not). */
const COUNTED_MESSAGE_TYPES = new Set([0, 19]);

// Slim schemas of only the fields read here: parsing a whole message at 50,000 events/s would cost more
// than storing it. Snowflakes must fit a bigint column.
const id = z
  .string()
  .regex(/^\d{1,19}$/, 'a snowflake is a decimal string')
  .refine((s) => s.length < 19 || s <= INT8_MAX, 'snowflake out of range');
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO timestamp');
const userRef = z.looseObject({ id, bot: z.boolean().optional() });
const memberRef = z.looseObject({ user: userRef.optional() });
const list = z.array(z.unknown());

const messageCreate = z.looseObject({
  id,
  channel_id: id,
  guild_id: id.optional(),
  author: userRef,
  type: z.number(),
  content: z.string().optional(),
  webhook_id: id.optional(),
  attachments: list,
  embeds: list,
  mentions: list,
  sticker_items: list.optional(),
});
const messageUpdate = z.looseObject({
  id,
  channel_id: id,
  guild_id: id.optional(),
  author: userRef.optional(),
  webhook_id: id.optional(),
  edited_timestamp: timestamp.nullable().optional(),
});
const messageDelete = z.looseObject({ id, channel_id: id, guild_id: id.optional() });
const messageDeleteBulk = z.looseObject({ ids: z.array(id), channel_id: id, guild_id: id.optional() });
const reactionAdd = z.looseObject({
  user_id: id,
  channel_id: id,
  message_id: id,
  guild_id: id.optional(),
  message_author_id: id.optional(),
  member: memberRef.optional(),
  emoji: z.looseObject({ id: id.nullable().optional(), name: z.string().nullable().optional() }),
});
const voiceState = z.looseObject({
  guild_id: id.optional(),
  channel_id: id.nullable(),
  user_id: id,
  member: memberRef.optional(),
  self_mute: z.boolean(),
  self_deaf: z.boolean(),
  mute: z.boolean(),
  deaf: z.boolean(),
  self_stream: z.boolean().optional(),
  self_video: z.boolean(),
});
const guildCreate = z.looseObject({
  id,
  unavailable: z.boolean().optional(),
  afk_channel_id: id.nullable().optional(),
  member_count: z.number().int().nonnegative().optional(),
  members: z.array(memberRef).optional(),
  voice_states: z.array(voiceState).optional(),
});
const guildUpdate = z.looseObject({ id, afk_channel_id: id.nullable().optional() });
const memberAdd = z.looseObject({ guild_id: id, user: userRef, joined_at: timestamp.nullable().optional() });
const memberRemove = z.looseObject({ guild_id: id, user: userRef });
const membersChunk = z.looseObject({ guild_id: id, members: z.array(memberRef) });

function parse<S extends z.ZodType>(type: string, schema: S, d: unknown): z.output<S> {
  const result = schema.safeParse(d);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InvalidEventError(type, `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
}

/** The creation time a snowflake encodes, epoch ms. */
export function snowflakeMs(snowflake: string): number {
  return Number(BigInt(snowflake) >> 22n) + DISCORD_EPOCH_MS;
}

/** How a reaction's emoji is counted: the character itself, or `name:id` for a custom one. */
export function emojiKey(emoji: { id?: string | null | undefined; name?: string | null | undefined }): string {
  if (emoji.id) return `${emoji.name ?? ''}:${emoji.id}`;
  return emoji.name ?? '?';
}

const asBulk = (m: z.output<typeof messageDelete>) => ({ guild_id: m.guild_id, channel_id: m.channel_id, ids: [m.id] });

const ignored = (type: string, reason: IgnoreReason, rows: EventRow[] = []): MappedEvent => ({
  type,
  rows,
  ignored: reason,
});
const counted = (type: string, rows: EventRow[]): MappedEvent => ({ type, rows, ignored: null });

function voiceRow(state: z.output<typeof voiceState>, guildId: string, at: number, ord: number): VoiceRow {
  return {
    kind: 'voice',
    guildId,
    userId: state.user_id,
    channelId: state.channel_id,
    at,
    ord,
    muted: state.self_mute || state.mute,
    deafened: state.self_deaf || state.deaf,
    streaming: state.self_stream ?? false,
    video: state.self_video,
  };
}

/** Members as facts: people present, and the accounts that are bots. */
function memberFacts(guildId: string, members: z.output<typeof memberRef>[], at: number): EventRow[] {
  const rows: EventRow[] = [];
  for (const member of members) {
    if (!member.user) continue;
    rows.push(
      member.user.bot
        ? { kind: 'bot', userId: member.user.id }
        : { kind: 'member', guildId, userId: member.user.id, at },
    );
  }
  return rows;
}

/**
 * The rows of one envelope. Throws {@link InvalidEventError} when a field the store needs is missing
 * or malformed; returns `ignored` for events that count for nothing (bots, DMs, system messages).
 */
export function eventRows(envelope: Envelope): MappedEvent {
  const { t: type, receivedAt, d } = envelope;
  const ord = envelope.seq ?? 0;
  switch (type) {
    case 'MESSAGE_CREATE': {
      const m = parse(type, messageCreate, d);
      if (m.author.bot) return ignored(type, 'bot', [{ kind: 'bot', userId: m.author.id }]);
      if (!m.guild_id) return ignored(type, 'dm');
      if (m.webhook_id || !COUNTED_MESSAGE_TYPES.has(m.type)) return ignored(type, 'not_counted');
      return counted(type, [
        {
          kind: 'message',
          guildId: m.guild_id,
          channelId: m.channel_id,
          messageId: m.id,
          authorId: m.author.id,
          at: snowflakeMs(m.id),
          attachments: m.attachments.length,
          embeds: m.embeds.length,
          stickers: m.sticker_items?.length ?? 0,
          mentions: m.mentions.length,
          content: m.content ?? '',
        },
      ]);
    }
    case 'MESSAGE_UPDATE': {
      const m = parse(type, messageUpdate, d);
      if (m.author?.bot) return ignored(type, 'bot', [{ kind: 'bot', userId: m.author.id }]);
      if (!m.guild_id) return ignored(type, 'dm');
      // Embeds unfolding, pins and thread starts update a message without editing it.
      if (!m.edited_timestamp || !m.author || m.webhook_id) return ignored(type, 'not_counted');
      return counted(type, [
        {
          kind: 'edit',
          guildId: m.guild_id,
          channelId: m.channel_id,
          messageId: m.id,
          authorId: m.author.id,
          at: Date.parse(m.edited_timestamp),
        },
      ]);
    }
    case 'MESSAGE_DELETE':
    case 'MESSAGE_DELETE_BULK': {
      const {
        guild_id: guildId,
        channel_id: channelId,
        ids,
      } = type === 'MESSAGE_DELETE' ? asBulk(parse(type, messageDelete, d)) : parse(type, messageDeleteBulk, d);
      if (!guildId) return ignored(type, 'dm');
      return counted(
        type,
        ids.map((messageId) => ({
          kind: 'delete',
          guildId,
          channelId,
          messageId,
          createdAt: snowflakeMs(messageId),
          at: receivedAt,
        })),
      );
    }
    case 'MESSAGE_REACTION_ADD': {
      const r = parse(type, reactionAdd, d);
      if (r.member?.user?.bot) return ignored(type, 'bot', [{ kind: 'bot', userId: r.user_id }]);
      if (!r.guild_id) return ignored(type, 'dm');
      return counted(type, [
        {
          kind: 'reaction',
          guildId: r.guild_id,
          channelId: r.channel_id,
          messageId: r.message_id,
          userId: r.user_id,
          authorId: r.message_author_id ?? null,
          emoji: emojiKey(r.emoji),
          at: receivedAt,
        },
      ]);
    }
    case 'VOICE_STATE_UPDATE': {
      const v = parse(type, voiceState, d);
      if (v.member?.user?.bot) return ignored(type, 'bot', [{ kind: 'bot', userId: v.user_id }]);
      if (!v.guild_id) return ignored(type, 'dm');
      return counted(type, [voiceRow(v, v.guild_id, receivedAt, ord)]);
    }
    case 'GUILD_CREATE': {
      const g = parse(type, guildCreate, d);
      if (g.unavailable) return ignored(type, 'unavailable');
      const facts = memberFacts(g.id, g.members ?? [], receivedAt);
      const bots = new Set(facts.flatMap((row) => (row.kind === 'bot' ? [row.userId] : [])));
      const states = (g.voice_states ?? [])
        .filter((state) => !state.member?.user?.bot && !bots.has(state.user_id))
        .map((state) => voiceRow(state, g.id, receivedAt, ord));
      return counted(type, [
        {
          kind: 'guild',
          guildId: g.id,
          afkChannelId: g.afk_channel_id ?? null,
          memberCount: g.member_count ?? null,
          at: receivedAt,
        },
        ...facts,
        { kind: 'voiceSnapshot', guildId: g.id, at: receivedAt, ord, states },
      ]);
    }
    case 'GUILD_UPDATE': {
      const g = parse(type, guildUpdate, d);
      return counted(type, [
        { kind: 'guild', guildId: g.id, afkChannelId: g.afk_channel_id ?? null, memberCount: null, at: receivedAt },
      ]);
    }
    case 'GUILD_MEMBER_ADD': {
      const m = parse(type, memberAdd, d);
      const at = m.joined_at ? Date.parse(m.joined_at) : receivedAt;
      const rows: EventRow[] = [{ kind: 'join', guildId: m.guild_id, userId: m.user.id, bot: m.user.bot ?? false, at }];
      if (m.user.bot) rows.push({ kind: 'bot', userId: m.user.id });
      return counted(type, rows);
    }
    case 'GUILD_MEMBER_REMOVE': {
      const m = parse(type, memberRemove, d);
      return counted(type, [
        { kind: 'leave', guildId: m.guild_id, userId: m.user.id, bot: m.user.bot ?? false, at: receivedAt },
      ]);
    }
    case 'GUILD_MEMBERS_CHUNK': {
      const c = parse(type, membersChunk, d);
      return counted(type, memberFacts(c.guild_id, c.members, receivedAt));
    }
    default:
      return ignored(type, 'not_counted');
  }
}
