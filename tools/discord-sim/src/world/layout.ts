import {
  type APIEmoji,
  type APIGuild,
  type APIOverwrite,
  type APIRole,
  type APISticker,
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildVerificationLevel,
  Locale,
  type RoleFlags,
  StickerFormatType,
  StickerType,
  ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import { BOT_PERMISSIONS, EVERYONE_PERMISSIONS, privateOverwrites, STAFF_PERMISSIONS } from './permissions.js';
import { Draws, hash, kindOf } from './random.js';
import type { ChannelSpec, GuildSpec, Scenario } from './scenario.js';
import { snowflake } from './snowflake.js';
import { Timeline } from './timeline.js';
import { EMOJI_NAMES, STICKER_NAMES, THREAD_TOPICS } from './vocabulary.js';

/**
 * The skeleton of a world: guilds, roles, channels, threads, emojis and stickers with their ids and
 * history timelines. It is small (no members, no messages) and built once; everything bulky is computed
 * from it on demand. Live structure changes (channels, threads, roles, guild settings) are made to it in
 * place, so what histories are drawn from is kept apart and never changes: a guild's `mentionChannelIds`,
 * `memberRoleIds`, `staffRoleIds` and `systemChannelId`, a thread's `thread.name`.
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;
const LAYOUT = kindOf('layout');
const THREADS = kindOf('threads');
const PINS = kindOf('pins');
const MESSAGE_ID = kindOf('message-id');

/** Why a thread exists, which decides how its parent's history shows it. */
export type ThreadOrigin =
  /** Started from a message: the thread has the message's id, the message has a `thread` field. */
  | 'message'
  /** Created on its own: the parent shows a type 18 (ThreadCreated) message naming it. */
  | 'created'
  /** A forum post: the thread's first message has the thread's id. */
  | 'forum';

export interface ThreadLayout {
  origin: ThreadOrigin;
  /** Index of the parent's message that started or announced it (-1 for forum posts and live threads). */
  starterIndex: number;
  /** The name it was created with, which the message announcing it keeps. */
  name: string;
  createdMs: number;
  autoArchiveMinutes: ThreadAutoArchiveDuration;
  locked: boolean;
  /** Set once archived or unarchived live: overrides the archive state computed from the history. */
  archiveChange: { archived: boolean; atMs: number } | null;
  /** Who created it, for live threads; generated ones are owned by the author of their first message. */
  ownerId?: string;
}

export interface ChannelLayout {
  id: string;
  /** Key of the channel's random streams, independent of its id. */
  key: number;
  type: ChannelType;
  name: string;
  guild: GuildLayout;
  position: number;
  parentId: string | null;
  topic: string | null;
  nsfw: boolean;
  overwrites: APIOverwrite[];
  /** The generated history; null for channels that hold no messages of their own (categories, forums, empty). */
  timeline: Timeline | null;
  /** Threads of this channel, by the index of the parent message that started them. */
  threadsByStarter: Map<number, ChannelLayout>;
  threads: ChannelLayout[];
  /** Set for thread channels. */
  thread?: ThreadLayout & { parent: ChannelLayout };
  /** Indices of pinned messages, ascending. */
  pinned: number[];
  /** Index of a type 6 (ChannelPinnedMessage) message → index of the message it announces. */
  pinNotices: Map<number, number>;
}

/** What GUILD_UPDATE may change of a guild. */
export type GuildSettings = Pick<
  APIGuild,
  | 'name'
  | 'description'
  | 'afk_channel_id'
  | 'afk_timeout'
  | 'system_channel_id'
  | 'verification_level'
  | 'default_message_notifications'
  | 'explicit_content_filter'
  | 'preferred_locale'
>;

export interface GuildLayout {
  index: number;
  id: string;
  spec: GuildSpec;
  createdMs: number;
  /** The current settings, changed in place by GUILD_UPDATE. */
  settings: GuildSettings;
  /** The current roles, and their permissions by id. */
  roles: APIRole[];
  rolePermissions: Map<string, bigint>;
  staffRoleIds: string[];
  /** Roles generated members were drawn from and history mentions (not @everyone, not bot roles). */
  memberRoleIds: string[];
  /** The managed role of each scenario bot, by bot user id. */
  botRoles: Map<string, string>;
  emojis: APIEmoji[];
  stickers: APISticker[];
  /** Top-level channels in position order (categories included). */
  channels: ChannelLayout[];
  threads: ChannelLayout[];
  /** Channels the history mentions: the generated ones but categories. */
  mentionChannelIds: string[];
  /** The channel of generated join messages, which is also the rules and updates channel of the guild. */
  systemChannelId: string | null;
  /** Pool indices [memberOffset, memberOffset + spec.members) are the generated members. */
  memberOffset: number;
}

export interface LayoutContext {
  seed: number;
  scenario: Scenario;
  historyStartMs: number;
  historyEndMs: number;
  botUserIds: readonly string[];
}

/** Id of message `index` of a history: its time, plus low bits that leave room for attachment ids. */
export function historyMessageId(seed: number, channelKey: number, timeline: Timeline, index: number): string {
  return snowflake(timeline.timeOf(index), (hash(seed, MESSAGE_ID, channelKey, index) & 0x3ff) << 12);
}

export function buildGuilds(ctx: LayoutContext): GuildLayout[] {
  return ctx.scenario.guilds.map((spec, index) => buildGuild(ctx, spec, index));
}

function buildGuild(ctx: LayoutContext, spec: GuildSpec, index: number): GuildLayout {
  const d = new Draws(ctx.seed, LAYOUT, index);
  // A guild's shard is its creation millisecond modulo the shard count: whole-hour offsets alone would put
  // every guild on shard 0 of any power-of-two shard count.
  const createdMs = ctx.historyStartMs - 30 * DAY - index * HOUR - (d.next() % 60_000);
  const id = snowflake(createdMs, d.next() & 0x3ff000);
  const at = (offsetMs: number) => snowflake(createdMs + offsetMs, d.next() & 0x3ff000);

  const everyone: APIRole = buildRole(id, '@everyone', 0, 0, EVERYONE_PERMISSIONS, false, false);
  const memberRoles = spec.roles.map((r, i) =>
    buildRole(
      at(1000 + i),
      r.name,
      r.color,
      spec.roles.length - i + ctx.botUserIds.length,
      r.staff ? STAFF_PERMISSIONS : EVERYONE_PERMISSIONS,
      r.hoist,
      r.mentionable,
    ),
  );
  const botRoles = new Map<string, string>();
  const botRoleList = ctx.botUserIds.map((botId, i) => {
    const r = buildRole(at(2000 + i), `Bot ${i + 1}`, 0, ctx.botUserIds.length - i, BOT_PERMISSIONS, false, false);
    r.managed = true;
    r.tags = { bot_id: botId };
    botRoles.set(botId, r.id);
    return r;
  });
  const roles = [everyone, ...memberRoles, ...botRoleList];
  const staffRoleIds = memberRoles.filter((_, i) => spec.roles[i]?.staff).map((r) => r.id);

  const guild: GuildLayout = {
    index,
    id,
    spec,
    createdMs,
    settings: {
      name: spec.name,
      description: null,
      afk_channel_id: null,
      afk_timeout: 300,
      system_channel_id: null,
      verification_level: GuildVerificationLevel.Low,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.AllMembers,
      preferred_locale: Locale.EnglishUS,
    },
    roles,
    rolePermissions: new Map(roles.map((r) => [r.id, BigInt(r.permissions)])),
    staffRoleIds,
    memberRoleIds: memberRoles.map((r) => r.id),
    botRoles,
    emojis: [],
    stickers: [],
    channels: [],
    threads: [],
    mentionChannelIds: [],
    systemChannelId: null,
    memberOffset: d.int(ctx.scenario.users - spec.members + 1),
  };

  guild.emojis = Array.from({ length: spec.emojis }, (_, i) => {
    const animated = d.chance(0.2);
    return {
      id: at(3000 + i),
      name: `${EMOJI_NAMES[i % EMOJI_NAMES.length]}${i >= EMOJI_NAMES.length ? i : ''}`,
      roles: [],
      require_colons: true,
      managed: false,
      animated,
      available: true,
    };
  });
  guild.stickers = Array.from({ length: spec.stickers }, (_, i) => ({
    id: at(4000 + i),
    name: `${STICKER_NAMES[i % STICKER_NAMES.length]}${i >= STICKER_NAMES.length ? ` ${i}` : ''}`,
    description: null,
    tags: 'smile',
    type: StickerType.Guild,
    format_type: d.chance(0.25) ? StickerFormatType.GIF : StickerFormatType.PNG,
    available: true,
    guild_id: id,
  }));

  const categories = new Map<string, ChannelLayout>();
  let position = 0;
  spec.channels.forEach((channelSpec, ci) => {
    let parentId: string | null = null;
    if (channelSpec.category) {
      let category = categories.get(channelSpec.category);
      if (!category) {
        category = channelLayout(
          guild,
          at(5000 + categories.size),
          ChannelType.GuildCategory,
          channelSpec.category,
          position++,
        );
        category.key = hash(ctx.seed, LAYOUT, index, 100_000 + categories.size);
        categories.set(channelSpec.category, category);
        guild.channels.push(category);
      }
      parentId = category.id;
    }
    const c = channelLayout(guild, at(10_000 + ci), channelType(channelSpec), channelSpec.name, position++);
    c.key = hash(ctx.seed, LAYOUT, index, ci);
    c.parentId = parentId;
    c.topic =
      channelSpec.topic ??
      (c.type === ChannelType.GuildText || c.type === ChannelType.GuildForum ? `All about ${channelSpec.name}` : null);
    c.nsfw = channelSpec.nsfw;
    if (channelSpec.private) c.overwrites = privateOverwrites(id, staffRoleIds);
    if (channelSpec.history > 0 && c.type !== ChannelType.GuildForum && c.type !== ChannelType.GuildCategory)
      c.timeline = new Timeline(c.key, channelSpec.history, ctx.historyStartMs, ctx.historyEndMs);
    guild.channels.push(c);
    if (channelSpec.name === spec.afkChannel) guild.settings.afk_channel_id = c.id;
    buildThreads(ctx, c, channelSpec);
    buildPins(ctx, c);
  });
  const system = spec.systemChannel ?? spec.channels.find((c) => c.type === 'text')?.name;
  guild.systemChannelId =
    guild.channels.find((c) => c.name === system && c.type !== ChannelType.GuildCategory)?.id ?? null;
  guild.settings.system_channel_id = guild.systemChannelId;
  guild.mentionChannelIds = guild.channels.filter((c) => c.type !== ChannelType.GuildCategory).map((c) => c.id);
  return guild;
}

/** A role as Discord sends it, not managed, without icon or flags. */
export function buildRole(
  id: string,
  name: string,
  color: number,
  position: number,
  permissions: bigint,
  hoist: boolean,
  mentionable: boolean,
): APIRole {
  return {
    id,
    name,
    color,
    colors: { primary_color: color, secondary_color: null, tertiary_color: null },
    hoist,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: String(permissions),
    managed: false,
    mentionable,
    flags: 0 as RoleFlags,
  };
}

function channelType(spec: ChannelSpec): ChannelType {
  switch (spec.type) {
    case 'text':
      return ChannelType.GuildText;
    case 'voice':
      return ChannelType.GuildVoice;
    case 'stage':
      return ChannelType.GuildStageVoice;
    case 'forum':
      return ChannelType.GuildForum;
    case 'announcement':
      return ChannelType.GuildAnnouncement;
  }
}

/** A channel without history, threads, pins or overwrites, at the top level; the caller sets the rest. */
export function channelLayout(
  guild: GuildLayout,
  id: string,
  type: ChannelType,
  name: string,
  position: number,
): ChannelLayout {
  return {
    id,
    key: 0,
    type,
    name,
    guild,
    position,
    parentId: null,
    topic: null,
    nsfw: false,
    overwrites: [],
    timeline: null,
    threadsByStarter: new Map(),
    threads: [],
    pinned: [],
    pinNotices: new Map(),
  };
}

const ARCHIVE_CHOICES = [
  ThreadAutoArchiveDuration.OneHour,
  ThreadAutoArchiveDuration.OneDay,
  ThreadAutoArchiveDuration.ThreeDays,
  ThreadAutoArchiveDuration.OneWeek,
] as const;

function buildThreads(ctx: LayoutContext, parent: ChannelLayout, spec: ChannelSpec): void {
  const isForum = parent.type === ChannelType.GuildForum;
  const count = isForum ? spec.threads : Math.min(spec.threads, parent.timeline?.count ?? 0);
  if (count === 0) return;
  const span = ctx.historyEndMs - ctx.historyStartMs;
  for (let k = 0; k < count; k++) {
    const d = new Draws(ctx.seed, THREADS, parent.key, k);
    let starterIndex = -1;
    let createdMs: number;
    let origin: ThreadOrigin;
    if (isForum || !parent.timeline) {
      origin = 'forum';
      createdMs = ctx.historyStartMs + Math.floor(((k + d.float()) / count) * span * 0.98);
    } else {
      const n = parent.timeline.count;
      const from = Math.floor((k * n) / count);
      const to = Math.floor(((k + 1) * n) / count);
      starterIndex = from + d.int(Math.max(1, to - from));
      origin = parent.type === ChannelType.GuildAnnouncement || k % 2 === 0 ? 'message' : 'created';
      createdMs = parent.timeline.timeOf(starterIndex) + 1;
    }
    const last = k === count - 1;
    // The newest thread of a channel runs up to the end of history, so every channel has an active one.
    const endMs = last
      ? ctx.historyEndMs - 60_000
      : Math.min(ctx.historyEndMs - 60_000, createdMs + d.range(1, 7 * 24) * HOUR);
    const messages = Math.max(1, Math.round(spec.threadHistory * (0.5 + d.float())));
    const key = hash(ctx.seed, THREADS, parent.key, k, 1);
    const timeline = new Timeline(key, messages, createdMs, Math.max(endMs, createdMs + 4 * messages + 1));
    const starterId =
      starterIndex >= 0 && parent.timeline ? historyMessageId(ctx.seed, parent.key, parent.timeline, starterIndex) : '';
    let id: string;
    let type: ChannelType;
    if (origin === 'forum') {
      id = historyMessageId(ctx.seed, key, timeline, 0);
      type = ChannelType.PublicThread;
    } else if (origin === 'message') {
      id = starterId;
      type = parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread;
    } else {
      // A thread created on its own predates the message announcing it by nothing: same millisecond, next increment.
      id = (BigInt(starterId) + 1n).toString();
      type = d.chance(0.3) ? ChannelType.PrivateThread : ChannelType.PublicThread;
    }
    const thread = channelLayout(parent.guild, id, type, `${d.pick(THREAD_TOPICS)} #${k + 1}`, 0);
    thread.key = key;
    thread.parentId = parent.id;
    thread.timeline = timeline;
    thread.thread = {
      origin,
      starterIndex,
      name: thread.name,
      createdMs,
      autoArchiveMinutes: d.pick(ARCHIVE_CHOICES),
      locked: false,
      archiveChange: null,
      parent,
    };
    parent.threads.push(thread);
    if (starterIndex >= 0) parent.threadsByStarter.set(starterIndex, thread);
    parent.guild.threads.push(thread);
  }
}

function buildPins(ctx: LayoutContext, c: ChannelLayout): void {
  const n = c.timeline?.count ?? 0;
  const count = Math.min(8, Math.floor(n / 50));
  const d = new Draws(ctx.seed, PINS, c.key);
  const taken = (i: number) => c.threadsByStarter.has(i) || c.pinned.includes(i) || c.pinNotices.has(i);
  for (let k = 0; k < count; k++) {
    const index = d.int(n - 4);
    const notice = index + 1 + d.int(3);
    if (taken(index) || taken(notice)) continue;
    c.pinned.push(index);
    c.pinNotices.set(notice, index);
  }
  c.pinned.sort((a, b) => a - b);
}
