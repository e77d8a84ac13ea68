import {
  type APIMessage,
  type APIReaction,
  type APIThreadChannel,
  ApplicationIntegrationType,
  ChannelType,
  InteractionType,
  MessageFlags,
  MessageReferenceType,
  MessageType,
} from 'discord-api-types/v10';
import { generateAttachment } from './attachments.js';
import { chatText, richEmbed, type TextContext } from './content.js';
import { type ChannelLayout, historyMessageId } from './layout.js';
import { Draws, hash, kindOf, scatter, zipfRank } from './random.js';
import { discordTimestamp } from './timestamps.js';
import type { UserPool } from './users.js';
import { UNICODE_EMOJI } from './vocabulary.js';

const MESSAGE = kindOf('message');
const AUTHOR = kindOf('author');
const REACTION = kindOf('reaction');
const SCATTER = kindOf('scatter');
const LIVE_TEXT = kindOf('live-text');

/** A message another one points at (a reply's target, a thread starter), resolved by the store against its overlay. */
export interface MessageRef {
  channel: ChannelLayout;
  index: number;
}

export interface GeneratedMessage {
  message: APIMessage;
  /** The message `referenced_message` should show, if any. */
  ref: MessageRef | null;
}

/** A generated reaction: its emoji, how many reacted and which members (a contiguous run of pool indices). */
export interface GeneratedReaction {
  emoji: { id: string | null; name: string; animated?: boolean };
  count: number;
  firstUser: number;
}

export interface HistoryContext {
  seed: number;
  skew: number;
  pool: UserPool;
  historyEndMs: number;
  cdnBase(): string;
  /** Pool index range of a guild's generated members. */
  memberRange(guildIndex: number): { start: number; size: number };
  /** The thread channel object to embed in the message that started it; undefined once the thread is deleted. */
  threadObject(thread: ChannelLayout): APIThreadChannel | undefined;
}

/**
 * Message i of a channel's history, computed from (seed, channel, i) alone. Who wrote it, what it
 * says and carries, and whether it is a reply or a system message are all drawn here; what
 * happened to it later (edits, deletions, reactions, pins made live) is the store's overlay.
 */
export class HistoryGenerator {
  constructor(private readonly ctx: HistoryContext) {}

  /** Pool index of the author of message i: Zipf by rank, ranks scattered over the members. */
  authorIndex(channel: ChannelLayout, index: number): number {
    const range = this.ctx.memberRange(channel.guild.index);
    const u = new Draws(this.ctx.seed, AUTHOR, channel.key, index).float();
    return this.poolIndexAtRank(channel.guild.index, zipfRank(u, range.size, this.ctx.skew));
  }

  /** Pool index of the generated member of a guild with activity rank `rank` (0 writes most). */
  poolIndexAtRank(guildIndex: number, rank: number): number {
    const range = this.ctx.memberRange(guildIndex);
    return range.start + scatter(rank, range.size, hash(this.ctx.seed, SCATTER, guildIndex));
  }

  messageId(channel: ChannelLayout, index: number): string {
    if (!channel.timeline) throw new Error(`channel ${channel.id} has no history`);
    return historyMessageId(this.ctx.seed, channel.key, channel.timeline, index);
  }

  message(channel: ChannelLayout, index: number): GeneratedMessage {
    const timeline = channel.timeline;
    if (!timeline) throw new Error(`channel ${channel.id} has no history`);
    const { seed, pool } = this.ctx;
    const guild = channel.guild;
    const d = new Draws(seed, MESSAGE, channel.key, index);
    const ms = timeline.timeOf(index);
    const id = this.messageId(channel, index);
    const author = pool.user(this.authorIndex(channel, index));
    const message: APIMessage = {
      id,
      channel_id: channel.id,
      author,
      content: '',
      timestamp: discordTimestamp(ms),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: channel.pinned.includes(index),
      type: MessageType.Default,
      flags: 0 as MessageFlags,
      components: [],
    };
    const reference = (target: ChannelLayout, targetIndex: number) => ({
      type: MessageReferenceType.Default,
      message_id: this.messageId(target, targetIndex),
      channel_id: target.id,
      guild_id: guild.id,
    });

    const started = channel.threadsByStarter.get(index);
    if (started?.thread?.origin === 'created') {
      message.type = MessageType.ThreadCreated;
      message.content = started.thread.name;
      message.message_reference = { type: MessageReferenceType.Default, channel_id: started.id, guild_id: guild.id };
      return { message, ref: null };
    }
    const pinnedIndex = channel.pinNotices.get(index);
    if (pinnedIndex !== undefined) {
      message.type = MessageType.ChannelPinnedMessage;
      message.message_reference = reference(channel, pinnedIndex);
      return { message, ref: null };
    }
    const thread = channel.thread;
    if (index === 0 && thread?.origin === 'message') {
      // The first message of a thread started from a message points back at that message.
      message.type = MessageType.ThreadStarterMessage;
      message.author = pool.user(this.authorIndex(thread.parent, thread.starterIndex));
      message.message_reference = reference(thread.parent, thread.starterIndex);
      return { message, ref: { channel: thread.parent, index: thread.starterIndex } };
    }
    if (channel.id === guild.systemChannelId && d.chance(0.02)) {
      message.type = MessageType.UserJoin;
      return { message, ref: null };
    }

    let ref: MessageRef | null = null;
    const range = this.ctx.memberRange(guild.index);
    if (index > 0 && d.chance(0.12)) {
      const target = Math.max(0, index - 1 - Math.floor(-Math.log(1 - d.float()) * 4));
      message.type = MessageType.Reply;
      message.message_reference = reference(channel, target);
      ref = { channel, index: target };
      if (d.chance(0.7)) message.mentions.push(pool.user(this.authorIndex(channel, target)));
    }

    if (author.bot) {
      message.embeds.push(richEmbed(d, author.username, message.timestamp));
      message.content = d.chance(0.5) ? '' : `${d.pick(UNICODE_EMOJI)} done`;
      if (!ref && d.chance(0.5)) {
        const user = pool.user(range.start + d.int(range.size));
        message.type = MessageType.ChatInputCommand;
        message.webhook_id = author.id;
        message.application_id = author.id;
        message.interaction_metadata = {
          id: (BigInt(id) - 1n).toString(),
          type: InteractionType.ApplicationCommand,
          user,
          authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
        };
      }
    } else {
      const text = chatText(d, this.textContext(d, channel, id, ms));
      message.content = text.content;
      message.mention_everyone = text.mentionEveryone;
      message.mention_roles = text.mentionRoleIds;
      message.embeds = text.embeds;
      for (const i of text.mentionUserIndices)
        if (!message.mentions.some((u) => u.id === pool.id(i))) message.mentions.push(pool.user(i));
    }

    if (d.chance(0.07)) {
      const count = d.chance(0.8) ? 1 : d.range(2, 4);
      for (let k = 0; k < count; k++) {
        const attachmentId = (BigInt(id) + BigInt(k + 1)).toString();
        message.attachments.push(generateAttachment(d, attachmentId, channel.id, this.ctx.cdnBase(), ms + k));
      }
      if (d.chance(0.4)) message.content = '';
    }
    if (guild.stickers.length > 0 && d.chance(0.01)) {
      const sticker = d.pick(guild.stickers);
      message.sticker_items = [{ id: sticker.id, name: sticker.name, format_type: sticker.format_type }];
      message.content = '';
      message.embeds = [];
    }
    const reactions = this.reactions(channel, index);
    if (reactions.length > 0) message.reactions = reactions.map(toApiReaction);
    if (d.chance(0.05)) {
      const editedMs = Math.min(ms + d.range(10_000, 7_200_000), this.ctx.historyEndMs - 1);
      message.edited_timestamp = discordTimestamp(editedMs);
    }
    const startedThread = started && this.ctx.threadObject(started);
    if (startedThread) {
      message.flags = MessageFlags.HasThread;
      message.thread = startedThread;
    }
    return { message, ref };
  }

  /** Text of a live message in this channel, drawn from (seed, channel, key) as generated messages are. */
  liveText(channel: ChannelLayout, key: number, nowMs: number): string {
    const d = new Draws(this.ctx.seed, LIVE_TEXT, channel.key, key);
    return chatText(d, this.textContext(d, channel, '0', nowMs)).content;
  }

  /** What a chat line in the channel may mention: the guild's generated members, roles and channels, and its emoji. */
  private textContext(d: Draws, channel: ChannelLayout, messageId: string, timestampMs: number): TextContext {
    const guild = channel.guild;
    const range = this.ctx.memberRange(guild.index);
    return {
      member: () => range.start + d.int(range.size),
      userId: (i) => this.ctx.pool.id(i),
      roleIds: guild.memberRoleIds,
      channelIds: guild.mentionChannelIds,
      emojis: guild.emojis,
      announcement: channel.type === ChannelType.GuildAnnouncement,
      cdnBase: this.ctx.cdnBase(),
      channelId: channel.id,
      messageId,
      timestampMs,
    };
  }

  /** Reactions a generated message carries; the store materialises them when they change. */
  reactions(channel: ChannelLayout, index: number): GeneratedReaction[] {
    const d = new Draws(this.ctx.seed, REACTION, channel.key, index);
    if (!d.chance(0.15)) return [];
    const range = this.ctx.memberRange(channel.guild.index);
    const out: GeneratedReaction[] = [];
    const kinds = d.range(1, 4);
    for (let r = 0; r < kinds; r++) {
      const custom = channel.guild.emojis.length > 0 && d.chance(0.3);
      const emoji = custom ? d.pick(channel.guild.emojis) : { id: null, name: d.pick(UNICODE_EMOJI) };
      if (out.some((o) => o.emoji.id === emoji.id && o.emoji.name === emoji.name)) continue;
      const count = Math.min(range.size, 1 + zipfRank(d.float(), 40, 1.3));
      const name = emoji.name ?? '_';
      out.push({
        emoji: custom ? { id: emoji.id, name, animated: emoji.animated === true } : { id: null, name },
        count,
        firstUser: range.start + d.int(range.size - count + 1),
      });
    }
    return out;
  }
}

export function toApiReaction(r: { emoji: GeneratedReaction['emoji']; count: number }): APIReaction {
  return {
    emoji: r.emoji,
    count: r.count,
    count_details: { burst: 0, normal: r.count },
    me: false,
    me_burst: false,
    burst_colors: [],
  };
}
