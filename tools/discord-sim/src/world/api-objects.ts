import {
  type APIChannel,
  type APIGuild,
  type APIGuildCategoryChannel,
  type APIGuildForumChannel,
  type APIGuildStageVoiceChannel,
  type APIGuildVoiceChannel,
  type APINewsChannel,
  type APITextChannel,
  type APIThreadChannel,
  type ChannelFlags,
  ChannelType,
  ForumLayoutType,
  type GuildFeature,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  type ThreadChannelType,
  VideoQualityMode,
} from 'discord-api-types/v10';
import type { ChannelLayout, GuildLayout } from './layout.js';
import type { MessageStore } from './message-store.js';
import { Draws, kindOf } from './random.js';
import { discordTimestamp } from './timestamps.js';

const GUILD_ICON = kindOf('guild-icon');

/** What the API objects are computed from, besides the layout. */
export interface ObjectSource {
  seed: number;
  historyEndMs: number;
  ownerId(guild: GuildLayout): string;
  /** A channel's messages, for counts and last message ids. */
  store(channelId: string): MessageStore | undefined;
  /** Id of the author of message `index` of a channel's generated history. */
  authorId(channel: ChannelLayout, index: number): string;
}

/**
 * Guild, channel and thread objects as Discord's API sends them, computed from the layout and the
 * current state, with every field Discord's OpenAPI description marks required.
 */
export class ApiObjects {
  constructor(private readonly source: ObjectSource) {}

  guildIcon(g: GuildLayout): string {
    return new Draws(this.source.seed, GUILD_ICON, g.index).hex(32);
  }

  /** Archived live, or (generated threads) quiet for longer than their auto-archive duration by the end of history. */
  isArchived(thread: ChannelLayout): boolean {
    const info = thread.thread;
    if (info?.archiveChange) return info.archiveChange.archived;
    if (!info || !thread.timeline) return false;
    return this.lastHistoryMs(thread) + info.autoArchiveMinutes * 60_000 <= this.source.historyEndMs;
  }

  guild(g: GuildLayout): APIGuild {
    const features: GuildFeature[] = ['COMMUNITY' as GuildFeature, 'NEWS' as GuildFeature];
    // Fields the OpenAPI description requires beyond discord-api-types' APIGuild.
    const guild: APIGuild & { home_header: null; nsfw: boolean } = {
      id: g.id,
      name: g.settings.name,
      icon: this.guildIcon(g),
      splash: null,
      discovery_splash: null,
      banner: null,
      description: g.settings.description,
      home_header: null,
      owner_id: this.source.ownerId(g),
      region: 'deprecated',
      afk_channel_id: g.settings.afk_channel_id,
      afk_timeout: g.settings.afk_timeout,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: g.settings.verification_level,
      default_message_notifications: g.settings.default_message_notifications,
      explicit_content_filter: g.settings.explicit_content_filter,
      roles: g.roles.map((r) => ({ ...r })),
      emojis: g.emojis.map((e) => ({ ...e })),
      stickers: g.stickers.map((s) => ({ ...s })),
      features,
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: g.settings.system_channel_id,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: g.systemChannelId,
      public_updates_channel_id: g.systemChannelId,
      safety_alerts_channel_id: null,
      max_presences: null,
      max_members: 500_000,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: g.settings.preferred_locale,
      nsfw: false,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      hub_type: null,
      incidents_data: null,
    };
    return guild;
  }

  channel(c: ChannelLayout): APIChannel {
    if (c.thread) return this.thread(c);
    const common = {
      id: c.id,
      guild_id: c.guild.id,
      name: c.name,
      position: c.position,
      flags: 0 as ChannelFlags,
      permission_overwrites: c.overwrites.map((o) => ({ ...o })),
      nsfw: c.nsfw,
    };
    const store = this.source.store(c.id);
    const lastMessageId = store?.lastMessageId ?? null;
    switch (c.type) {
      case ChannelType.GuildCategory: {
        const channel: APIGuildCategoryChannel = { ...common, type: ChannelType.GuildCategory, parent_id: null };
        return channel;
      }
      case ChannelType.GuildVoice:
      case ChannelType.GuildStageVoice: {
        const channel: APIGuildVoiceChannel | APIGuildStageVoiceChannel = {
          ...common,
          type: c.type,
          parent_id: c.parentId,
          bitrate: 64_000,
          user_limit: 0,
          rtc_region: null,
          video_quality_mode: VideoQualityMode.Auto,
          rate_limit_per_user: 0,
          last_message_id: lastMessageId,
        };
        return channel;
      }
      case ChannelType.GuildForum: {
        const latest = c.threads.at(-1)?.id ?? null;
        const channel: APIGuildForumChannel = {
          ...common,
          type: ChannelType.GuildForum,
          parent_id: c.parentId,
          topic: c.topic,
          rate_limit_per_user: 0,
          last_message_id: latest,
          available_tags: [],
          default_reaction_emoji: null,
          default_sort_order: null,
          default_forum_layout: ForumLayoutType.ListView,
        };
        return channel;
      }
      default: {
        const channel: APITextChannel | APINewsChannel = {
          ...common,
          type: c.type === ChannelType.GuildAnnouncement ? ChannelType.GuildAnnouncement : ChannelType.GuildText,
          parent_id: c.parentId,
          topic: c.topic,
          rate_limit_per_user: 0,
          last_message_id: lastMessageId,
        };
        return channel;
      }
    }
  }

  thread(t: ChannelLayout): APIThreadChannel {
    const info = t.thread;
    if (!info) throw new Error(`${t.id} is not a thread`);
    const parent = info.parent;
    const ownerId =
      info.ownerId ??
      (info.origin === 'forum' ? this.source.authorId(t, 0) : this.source.authorId(parent, info.starterIndex));
    const store = this.source.store(t.id);
    const generated = t.timeline?.count ?? 0;
    const archived = this.isArchived(t);
    const archiveMs =
      info.archiveChange?.atMs ??
      (archived ? this.lastHistoryMs(t) + info.autoArchiveMinutes * 60_000 : info.createdMs);
    const metadata: NonNullable<APIThreadChannel['thread_metadata']> = {
      archived,
      auto_archive_duration: info.autoArchiveMinutes,
      archive_timestamp: discordTimestamp(archiveMs),
      locked: info.locked,
      create_timestamp: discordTimestamp(info.createdMs),
    };
    if (t.type === ChannelType.PrivateThread) metadata.invitable = true;
    const thread: APIThreadChannel = {
      id: t.id,
      type: t.type as ThreadChannelType,
      guild_id: t.guild.id,
      name: t.name,
      parent_id: parent.id,
      owner_id: ownerId,
      flags: 0 as ChannelFlags,
      rate_limit_per_user: 0,
      last_message_id: store?.lastMessageId ?? null,
      message_count: store?.count ?? generated,
      member_count: Math.min(50, 1 + Math.floor(Math.sqrt(generated))),
      total_message_sent: generated + (store?.liveCount ?? 0),
      thread_metadata: metadata,
    };
    if (parent.type === ChannelType.GuildForum) thread.applied_tags = [];
    return thread;
  }

  private lastHistoryMs(thread: ChannelLayout): number {
    const timeline = thread.timeline;
    return timeline ? timeline.timeOf(timeline.count - 1) : (thread.thread?.createdMs ?? 0);
  }
}
