import {
  type APIAttachment,
  type APIChannel,
  type APIDMChannel,
  type APIGuild,
  type APIGuildMember,
  type APIInteraction,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIRole,
  type APIThreadChannel,
  type APIUser,
  type APIUserWithMember,
  ApplicationFlags,
  type ChannelFlags,
  ChannelType,
  type GatewayChannelModifyDispatchData,
  type GatewayChannelPinsUpdateDispatchData,
  GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
  type GatewayGuildMemberAddDispatchData,
  type GatewayGuildMemberRemoveDispatchData,
  type GatewayGuildMemberUpdateDispatchData,
  type GatewayGuildRoleDeleteDispatchData,
  type GatewayGuildRoleModifyDispatchData,
  type GatewayGuildUpdateDispatchData,
  type GatewayMessageCreateDispatchData,
  type GatewayMessageDeleteBulkDispatchData,
  type GatewayMessageDeleteDispatchData,
  type GatewayMessageReactionAddDispatchData,
  type GatewayMessageReactionRemoveDispatchData,
  type GatewayMessageUpdateDispatchData,
  type GatewayPresenceUpdate,
  type GatewayPresenceUpdateDispatchData,
  type GatewayThreadCreateDispatchData,
  type GatewayThreadDeleteDispatchData,
  type GatewayThreadUpdateDispatchData,
  type GatewayTypingStartDispatchData,
  type GatewayVoiceState,
  type GatewayVoiceStateUpdateDispatchData,
  type GuildChannelType,
  MessageFlags,
  MessageReferenceType,
  MessageType,
  PermissionFlagsBits,
  type RESTAPIPartialCurrentUserGuild,
  ReactionType,
  type ThreadChannelType,
} from 'discord-api-types/v10';
import { ApiObjects } from './api-objects.js';
import { attachmentPath } from './attachments.js';
import { type CdnAsset, cdnAsset } from './cdn.js';
import { addChannel, applyChannelPatch, removeChannel } from './channel-changes.js';
import { discordErrors } from './errors.js';
import { checkLength } from './field-checks.js';
import { applyGuildPatch } from './guild-changes.js';
import { HistoryGenerator, type MessageRef } from './history.js';
import { InteractionDesk } from './interactions.js';
import { buildGuilds, type ChannelLayout, type GuildLayout } from './layout.js';
import { GuildMembers } from './members.js';
import {
  imageDimensions,
  MAX_CONTENT,
  parseMentions,
  parseReactionEmoji,
  toEmbeds,
  validateMessageInput,
} from './message-input.js';
import { MessageStore, reactionKey } from './message-store.js';
import { channelPermissions, guildPermissions } from './permissions.js';
import { GuildPresences } from './presences.js';
import { Draws, hash, kindOf } from './random.js';
import { addRole, applyRolePatch, memberRoles, removeRole, requireRole } from './role-changes.js';
import { resolveScenario, type Scenario, type ScenarioInput, type ScenarioName } from './scenario.js';
import { compareIds, isSnowflake, LiveIds, snowflake, snowflakeMs } from './snowflake.js';
import { addThread, applyThreadPatch, removeThread } from './thread-changes.js';
import { discordTimestamp } from './timestamps.js';
import { TruthLog } from './truth.js';
import { UserPool } from './users.js';
import type {
  ChannelInput,
  ChannelPatch,
  GuildPatch,
  InteractionRecord,
  MemberPatch,
  MessageInput,
  MessagePage,
  PresenceInput,
  RoleInput,
  SimBot,
  ThreadInput,
  ThreadPatch,
  UserGuildsPage,
  World,
  WorldDispatch,
} from './world.js';

export interface WorldOptions {
  /** The world's clock (epoch ms); inject one to make time-dependent rules testable. */
  now?: () => number;
  /** Base URL of the CDN (no trailing slash); the REST layer sets {@link World.cdnBaseUrl} once it listens. */
  cdnBaseUrl?: string;
  /** How many dispatches (with payloads) the ground truth keeps, 50k by default; activity counts are never dropped. */
  maxTruthEvents?: number;
}

/** Where URLs point until the REST layer sets the real address. */
export const PLACEHOLDER_CDN = 'http://discord-sim.invalid/cdn';

const DAY = 86_400_000;
const BOT = kindOf('bot');
const VOICE_SESSION = kindOf('voice-session');
const TOKEN = kindOf('interaction-token');
const LIVE_CHANNEL = kindOf('live-channel');
/** The application flag that grants each privileged intent to a bot in under 100 guilds. */
const LIMITED_FLAGS = {
  GUILD_PRESENCES: ApplicationFlags.GatewayPresenceLimited,
  GUILD_MEMBERS: ApplicationFlags.GatewayGuildMembersLimited,
  MESSAGE_CONTENT: ApplicationFlags.GatewayMessageContentLimited,
} as const;
const BULK_DELETE_MAX_AGE = 14 * DAY;
const P = PermissionFlagsBits;

interface ChannelRecord {
  id: string;
  /** Null for DM channels, which have no generated history. */
  layout: ChannelLayout | null;
  guild: GuildLayout | null;
  dm?: { channel: APIDMChannel; participants: [string, string] };
  store: MessageStore;
}

/**
 * Creates the world of a scenario: a name from {@link namedScenarios} or a description.
 * The same scenario gives the same world; only live changes (and the clock) make two differ.
 */
export function createWorld(scenario: ScenarioName | ScenarioInput, options: WorldOptions = {}): World {
  return new SimWorld(resolveScenario(scenario), options);
}

class SimWorld implements World {
  readonly seed: number;
  readonly bots: readonly SimBot[];
  readonly truth: TruthLog;
  cdnBaseUrl: string;

  private readonly now: () => number;
  private readonly historyEndMs: number;
  private readonly historyStartMs: number;
  private readonly pool: UserPool;
  private readonly guildLayouts: GuildLayout[];
  private readonly guildsById = new Map<string, GuildLayout>();
  private readonly memberSets = new Map<string, GuildMembers>();
  private readonly presenceSets = new Map<string, GuildPresences>();
  private readonly channelsById = new Map<string, ChannelRecord>();
  private readonly dmByPair = new Map<string, ChannelRecord>();
  private readonly voice = new Map<string, Map<string, GatewayVoiceState>>();
  private readonly uploads = new Map<string, CdnAsset>();
  private readonly listeners = new Set<(dispatch: WorldDispatch) => void>();
  private readonly history: HistoryGenerator;
  private readonly interactions: InteractionDesk;
  private readonly objects: ApiObjects;
  private readonly ids: LiveIds;
  private readonly botUsers: APIUser[];
  private voiceSessions = 0;
  /** Channels and threads created live, numbering the random streams of their chat lines. */
  private liveChannels = 0;

  constructor(
    readonly scenario: Scenario,
    options: WorldOptions,
  ) {
    this.seed = scenario.seed;
    this.now = options.now ?? Date.now;
    this.cdnBaseUrl = options.cdnBaseUrl ?? PLACEHOLDER_CDN;
    this.truth = new TruthLog(this.now, options.maxTruthEvents);
    this.historyEndMs = Date.parse(scenario.historyEnd);
    this.historyStartMs = this.historyEndMs - Math.round(scenario.historyDays * DAY);
    this.pool = new UserPool(this.seed, scenario.users, this.historyStartMs - 40 * DAY, scenario.botShare);

    const botNames =
      typeof scenario.bots === 'number'
        ? Array.from({ length: scenario.bots }, (_, i) => `SimBot${i + 1}`)
        : scenario.bots;
    this.bots = botNames.map((name, i) => this.makeBot(name, i));
    this.botUsers = this.bots.map((b) => b.user);

    this.guildLayouts = buildGuilds({
      seed: this.seed,
      scenario,
      historyStartMs: this.historyStartMs,
      historyEndMs: this.historyEndMs,
      botUserIds: this.botUsers.map((u) => u.id),
    });
    this.objects = new ApiObjects({
      seed: this.seed,
      historyEndMs: this.historyEndMs,
      ownerId: (g) => this.membersOf(g).ownerId,
      store: (channelId) => this.channelsById.get(channelId)?.store,
      authorId: (channel, index) => this.pool.id(this.history.authorIndex(channel, index)),
    });
    this.history = new HistoryGenerator({
      seed: this.seed,
      skew: scenario.activitySkew,
      pool: this.pool,
      historyEndMs: this.historyEndMs,
      cdnBase: () => this.cdnBaseUrl,
      memberRange: (guildIndex) => this.membersOf(this.guildLayouts[guildIndex]).range,
      threadObject: (thread) =>
        this.channelsById.get(thread.id)?.layout === thread ? this.objects.thread(thread) : undefined,
    });
    // Live ids must sort after every generated one, including threads that run up to the end.
    let floorMs = this.historyEndMs;
    for (const c of this.guildLayouts.flatMap((g) => [...g.channels, ...g.threads]))
      if (c.timeline) floorMs = Math.max(floorMs, c.timeline.timeOf(c.timeline.count - 1) + 1);
    this.ids = new LiveIds(floorMs);
    for (const guild of this.guildLayouts) {
      this.guildsById.set(guild.id, guild);
      this.memberSets.set(guild.id, new GuildMembers(this.seed, guild, this.pool, this.botUsers, this.historyStartMs));
      this.presenceSets.set(guild.id, new GuildPresences(guild.id));
      this.voice.set(guild.id, new Map());
      for (const c of [...guild.channels, ...guild.threads]) this.channelsById.set(c.id, this.layoutRecord(c));
    }
    this.interactions = new InteractionDesk({
      now: this.now,
      post: (channelId, authorId, input, extra, opts) => this.post(channelId, authorId, input, extra, opts),
      edit: (channelId, messageId, input, extra) => this.edit(this.requireChannel(channelId), messageId, input, extra),
      remove: (channelId, messageId) => this.remove(this.requireChannel(channelId), messageId),
      current: (channelId, messageId) => this.channelsById.get(channelId)?.store.get(messageId),
      botUserId: (applicationId) => this.bots.find((b) => b.application.id === applicationId)?.user.id,
    });
  }

  // ── identity ────────────────────────────────────────────────────────────────

  botByToken(token: string): SimBot | undefined {
    return this.bots.find((b) => b.token === token);
  }

  guildIds(): readonly string[] {
    return this.guildLayouts.map((g) => g.id);
  }

  guild(guildId: string): APIGuild | undefined {
    const g = this.guildsById.get(guildId);
    return g ? this.objects.guild(g) : undefined;
  }

  userGuilds(userId: string, page: UserGuildsPage): RESTAPIPartialCurrentUserGuild[] {
    const within = this.guildLayouts
      .filter((g) => this.membersOf(g).get(userId))
      .filter((g) => page.after === undefined || compareIds(g.id, page.after) > 0)
      .filter((g) => page.before === undefined || compareIds(g.id, page.before) < 0)
      .sort((a, b) => compareIds(a.id, b.id));
    const limit = clamp(page.limit, 1, 200);
    const chosen =
      page.before !== undefined && page.after === undefined ? within.slice(-limit) : within.slice(0, limit);
    return chosen.map((g) => {
      const members = this.membersOf(g);
      const member = members.get(userId) as APIGuildMember;
      const { id, name, icon, banner, features } = this.objects.guild(g);
      const isOwner = members.ownerId === userId;
      const permissions = guildPermissions({
        everyoneRoleId: g.id,
        isOwner,
        rolePermissions: g.rolePermissions,
        memberRoleIds: member.roles,
      });
      const partial: RESTAPIPartialCurrentUserGuild = {
        id,
        name,
        icon,
        banner,
        owner: isOwner,
        permissions: String(permissions),
        features,
      };
      if (!page.withCounts) return partial;
      const presences = this.presencesOf(g).all().length;
      return { ...partial, approximate_member_count: members.count, approximate_presence_count: presences };
    });
  }

  guildCreate(guildId: string, largeThreshold: number): GatewayGuildCreateDispatchData {
    const g = this.guildsById.get(guildId);
    if (!g) throw discordErrors.unknownGuild();
    const members = this.membersOf(g);
    const voiceStates = [...(this.voice.get(g.id)?.values() ?? [])];
    const large = members.count > largeThreshold;
    const presences = this.presencesOf(g);
    let memberList: APIGuildMember[];
    if (!large) memberList = members.page(undefined, members.count);
    else {
      // A large guild sends only who Discord always sends: the bots and those in voice.
      const ids = new Set([...this.botUsers.map((u) => u.id), ...voiceStates.map((v) => v.user_id)]);
      memberList = [...ids].map((id) => members.get(id)).filter((m): m is APIGuildMember => m !== undefined);
    }
    return {
      ...this.objects.guild(g),
      joined_at: discordTimestamp(g.createdMs + DAY),
      large,
      unavailable: false,
      member_count: members.count,
      voice_states: voiceStates.map(({ guild_id: _, member: __, ...state }) => state),
      members: memberList,
      channels: g.channels.map((c) => {
        const { guild_id: _, ...channel } = this.objects.channel(c) as APIChannel & { guild_id?: string };
        return channel as APIChannel & { type: Exclude<GuildChannelType, ThreadChannelType> };
      }),
      threads: this.activeThreads(g.id) as (APIChannel & { type: ThreadChannelType })[],
      presences: large ? memberList.flatMap((m) => presences.get(m.user.id) ?? []) : presences.all(),
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  channels(guildId: string): APIChannel[] {
    const g = this.guildsById.get(guildId);
    if (!g) throw discordErrors.unknownGuild();
    return g.channels.map((c) => this.objects.channel(c));
  }

  channel(channelId: string): APIChannel | undefined {
    const record = this.channelsById.get(channelId);
    if (!record) return undefined;
    if (record.dm) return { ...record.dm.channel, last_message_id: record.store.lastMessageId };
    return record.layout ? this.objects.channel(record.layout) : undefined;
  }

  roles(guildId: string): APIRole[] {
    const g = this.guildsById.get(guildId);
    if (!g) throw discordErrors.unknownGuild();
    return g.roles.map((r) => ({ ...r }));
  }

  user(userId: string): APIUser | undefined {
    const bot = this.botUsers.find((u) => u.id === userId);
    if (bot) return bot;
    const index = this.pool.indexOf(userId);
    return index >= 0 ? this.pool.user(index) : undefined;
  }

  users(page: { after?: string; limit: number }): APIUser[] {
    const start = page.after ? this.pool.indexAfter(page.after) : 0;
    const end = Math.min(this.pool.size, start + clamp(page.limit, 1, 1000));
    const out: APIUser[] = [];
    for (let i = start; i < end; i++) out.push(this.pool.user(i));
    return out;
  }

  member(guildId: string, userId: string): APIGuildMember | undefined {
    const g = this.guildsById.get(guildId);
    return g ? this.membersOf(g).get(userId) : undefined;
  }

  members(guildId: string, page: { after?: string; limit: number }): APIGuildMember[] {
    const g = this.guildsById.get(guildId);
    if (!g) throw discordErrors.unknownGuild();
    return this.membersOf(g).page(page.after, clamp(page.limit, 1, 1000));
  }

  membersByActivity(guildId: string): string[] {
    const g = this.requireGuild(guildId);
    const members = this.membersOf(g);
    const ids: string[] = [];
    for (let rank = 0; rank < members.range.size; rank++) {
      const index = this.history.poolIndexAtRank(g.index, rank);
      if (this.pool.isBot(index)) continue;
      const id = this.pool.id(index);
      if (members.has(id)) ids.push(id);
    }
    for (const id of members.liveJoinerIds()) if (this.user(id)?.bot !== true) ids.push(id);
    return ids;
  }

  searchMembers(guildId: string, query: string, limit: number): APIGuildMember[] {
    const g = this.guildsById.get(guildId);
    if (!g) throw discordErrors.unknownGuild();
    return this.membersOf(g).search(query, clamp(limit, 1, 1000));
  }

  permissionsFor(channelId: string, userId: string): bigint {
    const record = this.requireChannel(channelId);
    if (record.dm) return record.dm.participants.includes(userId) ? DM_PERMISSIONS : 0n;
    const layout = record.layout;
    if (!layout) return 0n;
    const member = this.membersOf(layout.guild).get(userId);
    if (!member) return 0n;
    const overwriteSource = layout.thread ? layout.thread.parent : layout;
    return channelPermissions({
      everyoneRoleId: layout.guild.id,
      isOwner: this.membersOf(layout.guild).ownerId === userId,
      rolePermissions: layout.guild.rolePermissions,
      memberRoleIds: member.roles,
      userId,
      overwrites: overwriteSource.overwrites,
    });
  }

  activeThreads(guildId: string): APIThreadChannel[] {
    const g = this.guildsById.get(guildId);
    if (!g) throw discordErrors.unknownGuild();
    return g.threads.filter((t) => !this.objects.isArchived(t)).map((t) => this.objects.thread(t));
  }

  archivedThreads(
    channelId: string,
    options: { private: boolean; before?: string; limit: number },
  ): { threads: APIThreadChannel[]; has_more: boolean } {
    const record = this.requireChannel(channelId);
    const layout = record.layout;
    if (!layout) return { threads: [], has_more: false };
    const before = options.before ? Date.parse(options.before) : Number.POSITIVE_INFINITY;
    const all = layout.threads
      .filter((t) => this.objects.isArchived(t) && (t.type === ChannelType.PrivateThread) === options.private)
      .map((t) => this.objects.thread(t))
      .filter((t) => Date.parse(t.thread_metadata?.archive_timestamp ?? '') < before)
      .sort(
        (a, b) =>
          Date.parse(b.thread_metadata?.archive_timestamp ?? '') -
          Date.parse(a.thread_metadata?.archive_timestamp ?? ''),
      );
    const limit = clamp(options.limit, 1, 100);
    return { threads: all.slice(0, limit), has_more: all.length > limit };
  }

  voiceStates(guildId: string): GatewayVoiceState[] {
    return [...(this.voice.get(guildId)?.values() ?? [])];
  }

  // ── messages ────────────────────────────────────────────────────────────────

  messages(channelId: string, page: MessagePage): APIMessage[] {
    const record = this.requireChannel(channelId);
    const limit = page.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw discordErrors.invalidForm(['limit'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
    for (const key of ['before', 'after', 'around'] as const) {
      const value = page[key];
      if (value !== undefined && !isSnowflake(value))
        throw discordErrors.invalidForm([key], 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
    }
    return record.store.page({ ...page, limit });
  }

  message(channelId: string, messageId: string): APIMessage | undefined {
    return this.channelsById.get(channelId)?.store.get(messageId);
  }

  messageCount(channelId: string): number {
    return this.requireChannel(channelId).store.count;
  }

  chatLine(channelId: string, key: number): string {
    const layout = this.requireChannel(channelId).layout;
    if (!layout) throw discordErrors.unknownChannel();
    return this.history.liveText(layout, key, this.now());
  }

  createMessage(channelId: string, authorId: string, input: MessageInput): APIMessage {
    const record = this.requireChannel(channelId);
    if (!this.user(authorId)) throw discordErrors.unknownUser();
    this.requireTextChannel(record);
    const thread = record.layout?.thread !== undefined;
    this.requirePermission(record, authorId, thread ? P.SendMessagesInThreads : P.SendMessages);
    if ((input.files?.length ?? 0) > 0) this.requirePermission(record, authorId, P.AttachFiles);
    return this.post(channelId, authorId, input, {}, { ephemeral: false, allowEmpty: false });
  }

  editMessage(channelId: string, messageId: string, editorId: string, input: MessageInput): APIMessage {
    const record = this.requireChannel(channelId);
    this.requireView(record, editorId);
    const current = record.store.base(messageId);
    if (!current) throw discordErrors.unknownMessage();
    if (current.author.id !== editorId) throw discordErrors.cannotEditOthers();
    return this.edit(record, messageId, input, {});
  }

  deleteMessage(channelId: string, messageId: string, actorId: string): void {
    const record = this.requireChannel(channelId);
    this.requireView(record, actorId);
    const current = record.store.base(messageId);
    if (!current) throw discordErrors.unknownMessage();
    if (current.author.id !== actorId) this.requirePermission(record, actorId, P.ManageMessages);
    this.remove(record, messageId);
  }

  bulkDeleteMessages(channelId: string, messageIds: string[], actorId: string): void {
    const record = this.requireChannel(channelId);
    if (!Array.isArray(messageIds) || messageIds.length < 2 || messageIds.length > 100)
      throw discordErrors.invalidForm(['messages'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 2 and 100 in length.');
    this.requirePermission(record, actorId, P.ManageMessages);
    const unique = [...new Set(messageIds)];
    unique.forEach((id, i) => {
      if (!isSnowflake(id))
        throw discordErrors.invalidForm(['messages', i], 'NUMBER_TYPE_COERCE', `Value "${id}" is not snowflake.`);
    });
    if (unique.some((id) => this.now() - snowflakeMs(id) > BULK_DELETE_MAX_AGE)) throw discordErrors.bulkDeleteTooOld();
    const existing = unique.filter((id) => record.store.has(id));
    const at = this.now();
    for (const id of existing) {
      const author = record.store.base(id)?.author.id;
      record.store.delete(id);
      if (author && record.guild)
        this.truth.recordActivity({ at, guildId: record.guild.id, userId: author, kind: 'deletions', count: 1 });
    }
    if (existing.length === 0) return;
    const d: GatewayMessageDeleteBulkDispatchData = { ids: existing, channel_id: channelId };
    if (record.guild) d.guild_id = record.guild.id;
    this.emitInChannel(GatewayDispatchEvents.MessageDeleteBulk, d, record);
  }

  pins(channelId: string): APIMessage[] {
    const record = this.requireChannel(channelId);
    return record.store.pins(record.layout?.pinned ?? []);
  }

  pin(channelId: string, messageId: string, actorId: string): void {
    const record = this.requireChannel(channelId);
    this.requirePermission(record, actorId, P.ManageMessages);
    if (!record.store.has(messageId)) throw discordErrors.unknownMessage();
    if (record.store.isPinned(messageId)) return;
    if (this.pins(channelId).length >= 50) throw discordErrors.maxPins();
    record.store.setPinned(messageId, true);
    this.pinsChanged(record, messageId);
    // Discord announces a pin with a system message from whoever pinned.
    this.post(
      channelId,
      actorId,
      { content: '' },
      {
        type: MessageType.ChannelPinnedMessage,
        message_reference: this.reference(record, messageId),
      },
      { ephemeral: false, allowEmpty: true },
    );
  }

  unpin(channelId: string, messageId: string, actorId: string): void {
    const record = this.requireChannel(channelId);
    this.requirePermission(record, actorId, P.ManageMessages);
    if (!record.store.has(messageId)) throw discordErrors.unknownMessage();
    if (!record.store.isPinned(messageId)) return;
    record.store.setPinned(messageId, false);
    this.pinsChanged(record, messageId);
  }

  addReaction(channelId: string, messageId: string, emoji: string, userId: string): void {
    const record = this.requireChannel(channelId);
    this.requirePermission(record, userId, P.ReadMessageHistory);
    const parsed = this.emoji(emoji, record);
    const message = record.store.base(messageId);
    if (!message) throw discordErrors.unknownMessage();
    const states = record.store.reactions(messageId);
    const key = reactionKey(parsed);
    let state = states.find((s) => s.key === key);
    if (state?.userIds.includes(userId)) return;
    if (!state || state.userIds.length === 0) this.requirePermission(record, userId, P.AddReactions);
    if (!state) {
      if (states.filter((s) => s.userIds.length > 0).length >= 20) throw discordErrors.maxReactions();
      state = { emoji: parsed, key, userIds: [] };
      states.push(state);
    }
    state.userIds.push(userId);
    state.userIds.sort(compareIds);
    const d: GatewayMessageReactionAddDispatchData = {
      user_id: userId,
      channel_id: channelId,
      message_id: messageId,
      emoji: parsed,
      burst: false,
      burst_colors: [],
      type: ReactionType.Normal,
      message_author_id: message.author.id,
    };
    if (record.guild) {
      d.guild_id = record.guild.id;
      const member = this.membersOf(record.guild).get(userId);
      if (member) d.member = member;
      const at = this.now();
      this.truth.recordActivity({ at, guildId: record.guild.id, userId, kind: 'reactionsGiven', count: 1 });
      this.truth.recordActivity({
        at,
        guildId: record.guild.id,
        userId: message.author.id,
        kind: 'reactionsReceived',
        count: 1,
      });
    }
    this.emitInChannel(GatewayDispatchEvents.MessageReactionAdd, d, record);
  }

  removeReaction(channelId: string, messageId: string, emoji: string, userId: string): void {
    const record = this.requireChannel(channelId);
    const parsed = this.emoji(emoji, record);
    if (!record.store.has(messageId)) throw discordErrors.unknownMessage();
    const state = record.store.reactions(messageId).find((s) => s.key === reactionKey(parsed));
    const at = state?.userIds.indexOf(userId) ?? -1;
    if (!state || at < 0) return;
    state.userIds.splice(at, 1);
    const d: GatewayMessageReactionRemoveDispatchData = {
      user_id: userId,
      channel_id: channelId,
      message_id: messageId,
      emoji: parsed,
      burst: false,
      type: ReactionType.Normal,
    };
    if (record.guild) d.guild_id = record.guild.id;
    this.emitInChannel(GatewayDispatchEvents.MessageReactionRemove, d, record);
  }

  reactionUsers(
    channelId: string,
    messageId: string,
    emoji: string,
    page: { after?: string; limit: number },
  ): APIUser[] {
    const record = this.requireChannel(channelId);
    const parsed = this.emoji(emoji, record);
    if (!record.store.has(messageId)) throw discordErrors.unknownMessage();
    return record.store
      .reactionUserIds(messageId, reactionKey(parsed), page.after, clamp(page.limit, 1, 100))
      .map((id) => this.user(id))
      .filter((u): u is APIUser => u !== undefined);
  }

  typing(channelId: string, userId: string): void {
    const record = this.requireChannel(channelId);
    this.requirePermission(record, userId, P.SendMessages);
    const d: GatewayTypingStartDispatchData = {
      channel_id: channelId,
      user_id: userId,
      timestamp: Math.floor(this.now() / 1000),
    };
    if (record.guild) {
      d.guild_id = record.guild.id;
      const member = this.membersOf(record.guild).get(userId);
      if (member) d.member = member;
    }
    this.emitInChannel(GatewayDispatchEvents.TypingStart, d, record);
  }

  openDm(botId: string, recipientId: string): APIChannel {
    const recipient = this.user(recipientId);
    if (!recipient || !this.botUsers.some((u) => u.id === botId)) throw discordErrors.unknownUser();
    const key = `${botId}:${recipientId}`;
    let record = this.dmByPair.get(key);
    if (!record) {
      const id = this.ids.next(this.now());
      const channel: APIDMChannel = {
        id,
        type: ChannelType.DM,
        flags: 0 as ChannelFlags,
        name: null,
        recipients: [recipient],
        last_message_id: null,
      };
      record = {
        id,
        layout: null,
        guild: null,
        dm: { channel, participants: [botId, recipientId] },
        store: new MessageStore(EMPTY_HISTORY),
      };
      this.dmByPair.set(key, record);
      this.channelsById.set(id, record);
    }
    return this.channel(record.id) as APIChannel;
  }

  // ── interactions ────────────────────────────────────────────────────────────

  createInteraction(interaction: Omit<APIInteraction, 'id' | 'token' | 'version'>): APIInteraction {
    const id = this.ids.next(this.now());
    const token = `aW50ZXJhY3Rpb246${id}:${new Draws(this.seed, TOKEN, Number(BigInt(id) & 0xffffffffn)).alnum(64)}`;
    const full = { ...interaction, id, token, version: 1 } as APIInteraction;
    this.interactions.register(full);
    this.emit(GatewayDispatchEvents.InteractionCreate, full, full.guild_id ?? null, full.application_id);
    return full;
  }

  respondToInteraction(interactionId: string, token: string, body: unknown): APIMessage | undefined {
    return this.interactions.respond(interactionId, token, body);
  }

  originalResponse(applicationId: string, token: string): APIMessage {
    return this.interactions.original(applicationId, token);
  }

  editOriginalResponse(applicationId: string, token: string, input: MessageInput): APIMessage {
    return this.interactions.editOriginal(applicationId, token, input);
  }

  deleteOriginalResponse(applicationId: string, token: string): void {
    this.interactions.deleteOriginal(applicationId, token);
  }

  createFollowUp(applicationId: string, token: string, input: MessageInput): APIMessage {
    return this.interactions.followUp(applicationId, token, input);
  }

  followUp(applicationId: string, token: string, messageId: string): APIMessage {
    return this.interactions.message(applicationId, token, messageId);
  }

  editFollowUp(applicationId: string, token: string, messageId: string, input: MessageInput): APIMessage {
    return this.interactions.editMessage(applicationId, token, messageId, input);
  }

  deleteFollowUp(applicationId: string, token: string, messageId: string): void {
    this.interactions.deleteMessage(applicationId, token, messageId);
  }

  interaction(interactionId: string): InteractionRecord | undefined {
    return this.interactions.record(interactionId);
  }

  // ── voice and membership ────────────────────────────────────────────────────

  voiceJoin(guildId: string, userId: string, channelId: string): void {
    const g = this.requireGuild(guildId);
    const member = this.membersOf(g).get(userId);
    if (!member) throw discordErrors.unknownMember();
    const record = this.channelsById.get(channelId);
    if (!record?.layout || record.guild?.id !== guildId) throw discordErrors.unknownChannel();
    if (record.layout.type !== ChannelType.GuildVoice && record.layout.type !== ChannelType.GuildStageVoice)
      throw discordErrors.invalidForm(['channel_id'], 'CHANNEL_TYPE_INVALID', 'Channel is not a voice channel.');
    this.requirePermission(record, userId, P.Connect);
    const states = this.voice.get(guildId) ?? new Map<string, GatewayVoiceState>();
    const previous = states.get(userId);
    if (previous?.channel_id === channelId) return;
    const state: GatewayVoiceState = previous
      ? { ...previous, channel_id: channelId, member }
      : {
          guild_id: guildId,
          channel_id: channelId,
          user_id: userId,
          member,
          session_id: new Draws(this.seed, VOICE_SESSION, this.voiceSessions++).hex(32),
          deaf: false,
          mute: false,
          self_deaf: false,
          self_mute: false,
          self_stream: false,
          self_video: false,
          suppress: record.layout.type === ChannelType.GuildStageVoice,
          request_to_speak_timestamp: null,
        };
    states.set(userId, state);
    this.truth.voiceConnected(guildId, userId, this.now(), channelId === g.settings.afk_channel_id);
    this.emitVoice(state);
  }

  voiceLeave(guildId: string, userId: string): void {
    this.requireGuild(guildId);
    const states = this.voice.get(guildId);
    const previous = states?.get(userId);
    if (!previous) return;
    states?.delete(userId);
    this.truth.voiceDisconnected(guildId, userId, this.now());
    this.emitVoice({ ...previous, channel_id: null });
  }

  voiceUpdate(
    guildId: string,
    userId: string,
    flags: Partial<Pick<GatewayVoiceState, 'self_mute' | 'self_deaf' | 'self_stream' | 'self_video'>>,
  ): void {
    this.requireGuild(guildId);
    const states = this.voice.get(guildId);
    const previous = states?.get(userId);
    if (!previous) throw discordErrors.notInVoice();
    const state = { ...previous, ...flags };
    states?.set(userId, state);
    this.emitVoice(state);
  }

  memberJoin(guildId: string, userId: string): APIGuildMember {
    const g = this.requireGuild(guildId);
    const members = this.membersOf(g);
    const existing = members.get(userId);
    if (existing) return existing;
    const user = this.user(userId);
    if (!user) throw discordErrors.unknownUser();
    const member = members.add(user, discordTimestamp(this.now()));
    const d: GatewayGuildMemberAddDispatchData = { ...member, guild_id: guildId };
    this.emit(GatewayDispatchEvents.GuildMemberAdd, d, guildId);
    if (g.settings.system_channel_id)
      this.post(
        g.settings.system_channel_id,
        userId,
        { content: '' },
        { type: MessageType.UserJoin },
        { ephemeral: false, allowEmpty: true },
      );
    return member;
  }

  memberLeave(guildId: string, userId: string): void {
    const g = this.requireGuild(guildId);
    const members = this.membersOf(g);
    const member = members.get(userId);
    if (!member) throw discordErrors.unknownMember();
    this.voiceLeave(guildId, userId);
    members.remove(userId);
    // Discord sends no presence for a member who left: a cache drops it with the member.
    this.presencesOf(g).forget(userId);
    const d: GatewayGuildMemberRemoveDispatchData = { guild_id: guildId, user: member.user };
    this.emit(GatewayDispatchEvents.GuildMemberRemove, d, guildId);
  }

  updateMember(guildId: string, userId: string, patch: MemberPatch): APIGuildMember {
    const g = this.requireGuild(guildId);
    const members = this.membersOf(g);
    const current = members.get(userId);
    if (!current) throw discordErrors.unknownMember();
    const change: MemberPatch = {};
    if (patch.nick !== undefined) {
      if (patch.nick !== null) checkLength('nick', patch.nick, 0, 32);
      change.nick = patch.nick || null;
    }
    if (patch.roles !== undefined) change.roles = memberRoles(g, current.roles, patch.roles);
    const member = members.update(userId, change) ?? current;
    const d: GatewayGuildMemberUpdateDispatchData = {
      ...member,
      avatar: member.avatar ?? null,
      banner: member.banner ?? null,
      guild_id: guildId,
    };
    this.emit(GatewayDispatchEvents.GuildMemberUpdate, d, guildId);
    return member;
  }

  setPresence(guildId: string, userId: string, presence: PresenceInput): void {
    const g = this.requireGuild(guildId);
    if (!this.membersOf(g).has(userId)) throw discordErrors.unknownMember();
    const d: GatewayPresenceUpdateDispatchData = this.presencesOf(g).set(userId, presence, this.now());
    this.emit(GatewayDispatchEvents.PresenceUpdate, d, guildId);
  }

  presence(guildId: string, userId: string): GatewayPresenceUpdate | undefined {
    return this.presenceSets.get(guildId)?.get(userId);
  }

  presences(guildId: string): GatewayPresenceUpdate[] {
    return this.presencesOf(this.requireGuild(guildId)).all();
  }

  // ── guild structure ─────────────────────────────────────────────────────────

  createChannel(guildId: string, input: ChannelInput): APIChannel {
    const g = this.requireGuild(guildId);
    const layout = addChannel(g, this.ids.next(this.now()), this.liveChannelKey(), input);
    this.channelsById.set(layout.id, this.layoutRecord(layout));
    return this.emitChannel(GatewayDispatchEvents.ChannelCreate, layout);
  }

  updateChannel(channelId: string, patch: ChannelPatch): APIChannel {
    const layout = this.requireGuildChannel(channelId);
    if (layout.thread) throw discordErrors.wrongChannelType();
    applyChannelPatch(layout, patch);
    return this.emitChannel(GatewayDispatchEvents.ChannelUpdate, layout);
  }

  deleteChannel(channelId: string): APIChannel {
    const layout = this.requireGuildChannel(channelId);
    if (layout.thread) {
      const thread = this.objects.thread(layout);
      this.deleteThread(channelId);
      return thread;
    }
    const g = layout.guild;
    if (channelId === g.systemChannelId) throw discordErrors.communityChannel();
    for (const state of this.voiceStates(g.id))
      if (state.channel_id === channelId) this.voiceLeave(g.id, state.user_id);
    const d = this.channelEvent(layout);
    const { threads, orphans } = removeChannel(layout);
    for (const c of [layout, ...threads]) this.channelsById.delete(c.id);
    this.emit(GatewayDispatchEvents.ChannelDelete, d, g.id);
    for (const orphan of orphans) this.emitChannel(GatewayDispatchEvents.ChannelUpdate, orphan);
    const unset: GuildPatch = {};
    if (g.settings.afk_channel_id === channelId) unset.afk_channel_id = null;
    if (g.settings.system_channel_id === channelId) unset.system_channel_id = null;
    if (Object.keys(unset).length > 0) this.updateGuild(g.id, unset);
    return d;
  }

  createThread(channelId: string, creatorId: string, input: ThreadInput): APIThreadChannel {
    const record = this.requireChannel(channelId);
    const parent = this.requireGuildChannel(channelId);
    if (!this.user(creatorId)) throw discordErrors.unknownUser();
    this.requirePermission(record, creatorId, input.private ? P.CreatePrivateThreads : P.CreatePublicThreads);
    const starter = input.messageId === undefined ? undefined : record.store.base(input.messageId);
    if (input.messageId !== undefined && !starter) throw discordErrors.unknownMessage();
    if (starter && this.channelsById.has(starter.id)) throw discordErrors.threadExists();
    const now = this.now();
    const layout = addThread(parent, starter?.id ?? this.ids.next(now), this.liveChannelKey(), creatorId, input, now);
    this.channelsById.set(layout.id, this.layoutRecord(layout));
    const thread = this.objects.thread(layout);
    const d: GatewayThreadCreateDispatchData = { ...thread, newly_created: true };
    this.emit(GatewayDispatchEvents.ThreadCreate, d, parent.guild.id);
    if (starter) {
      record.store.replace({
        ...starter,
        flags: (Number(starter.flags ?? 0) | MessageFlags.HasThread) as MessageFlags,
        thread,
      });
      const message = record.store.get(starter.id) ?? starter;
      this.emitInChannel(GatewayDispatchEvents.MessageUpdate, this.messageEvent(record, message), record);
    } else if (layout.type !== ChannelType.PrivateThread) {
      // Discord announces a public thread started on its own with a system message in the parent.
      this.post(
        channelId,
        creatorId,
        { content: layout.name },
        {
          type: MessageType.ThreadCreated,
          message_reference: { type: MessageReferenceType.Default, channel_id: layout.id, guild_id: parent.guild.id },
        },
        { ephemeral: false, allowEmpty: false },
      );
    }
    return thread;
  }

  updateThread(threadId: string, patch: ThreadPatch): APIThreadChannel {
    const layout = this.requireGuildChannel(threadId);
    applyThreadPatch(layout, patch, this.objects.isArchived(layout), this.now());
    const d: GatewayThreadUpdateDispatchData = this.objects.thread(layout);
    this.emit(GatewayDispatchEvents.ThreadUpdate, d, layout.guild.id);
    return d;
  }

  deleteThread(threadId: string): void {
    const layout = this.requireGuildChannel(threadId);
    const parent = layout.thread?.parent;
    if (!parent) throw discordErrors.wrongChannelType();
    removeThread(layout);
    this.channelsById.delete(threadId);
    const d: GatewayThreadDeleteDispatchData = {
      id: threadId,
      guild_id: layout.guild.id,
      parent_id: parent.id,
      type: layout.type,
    };
    this.emit(GatewayDispatchEvents.ThreadDelete, d, layout.guild.id);
  }

  createRole(guildId: string, input: RoleInput): APIRole {
    const g = this.requireGuild(guildId);
    return this.emitRole(GatewayDispatchEvents.GuildRoleCreate, g, addRole(g, this.ids.next(this.now()), input));
  }

  updateRole(guildId: string, roleId: string, patch: RoleInput): APIRole {
    const g = this.requireGuild(guildId);
    const role = requireRole(g, roleId);
    applyRolePatch(g, role, patch);
    return this.emitRole(GatewayDispatchEvents.GuildRoleUpdate, g, role);
  }

  deleteRole(guildId: string, roleId: string): void {
    const g = this.requireGuild(guildId);
    removeRole(g, roleId);
    const d: GatewayGuildRoleDeleteDispatchData = { guild_id: guildId, role_id: roleId };
    this.emit(GatewayDispatchEvents.GuildRoleDelete, d, guildId);
  }

  updateGuild(guildId: string, patch: GuildPatch): APIGuild {
    const g = this.requireGuild(guildId);
    applyGuildPatch(g, patch);
    const d: GatewayGuildUpdateDispatchData = this.objects.guild(g);
    this.emit(GatewayDispatchEvents.GuildUpdate, d, guildId);
    return d;
  }

  // ── CDN and dispatch ────────────────────────────────────────────────────────

  cdnAsset(path: string): { bytes: Uint8Array; contentType: string } | undefined {
    return cdnAsset(
      {
        upload: (channelId, attachmentId) => this.uploads.get(`${channelId}/${attachmentId}`),
        generatedAttachment: (channelId, attachmentId) => this.generatedAttachment(channelId, attachmentId),
        avatarHash: (userId) => this.user(userId)?.avatar,
        guildIconHash: (guildId) => {
          const g = this.guildsById.get(guildId);
          return g ? this.objects.guildIcon(g) : undefined;
        },
        emojiExists: (id) => this.guildLayouts.some((g) => g.emojis.some((e) => e.id === id)),
        stickerExists: (id) => this.guildLayouts.some((g) => g.stickers.some((s) => s.id === id)),
      },
      path,
    );
  }

  onDispatch(listener: (dispatch: WorldDispatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── internals ───────────────────────────────────────────────────────────────

  private emit(t: string, d: unknown, guildId: string | null, applicationId?: string): void {
    const dispatch: WorldDispatch = applicationId ? { t, d, guildId, applicationId } : { t, d, guildId };
    this.truth.recordDispatch(dispatch, this.now());
    for (const listener of this.listeners) listener(dispatch);
  }

  /** Events of a DM reach only the bot that is part of it; those of a guild channel, every bot of the guild. */
  private emitInChannel(t: string, d: unknown, record: ChannelRecord): void {
    const dmBotId = record.dm?.participants[0];
    const applicationId = dmBotId ? this.bots.find((b) => b.user.id === dmBotId)?.application.id : undefined;
    this.emit(t, d, record.guild?.id ?? null, applicationId);
  }

  private emitVoice(state: GatewayVoiceState): void {
    const d: GatewayVoiceStateUpdateDispatchData = state;
    this.emit(GatewayDispatchEvents.VoiceStateUpdate, d, state.guild_id ?? null);
  }

  private makeBot(name: string, index: number): SimBot {
    const d = new Draws(this.seed, BOT, index);
    const id = snowflake(this.historyStartMs - 365 * DAY + index * 60_000, d.next() & 0x3ff000);
    const user: APIUser = {
      id,
      username: name.toLowerCase().replace(/[^a-z0-9_.]/g, '') || `bot${index}`,
      discriminator: String(1000 + index),
      global_name: name,
      avatar: d.hex(32),
      bot: true,
      public_flags: 0 as APIUser['public_flags'] & number,
      flags: 0 as APIUser['flags'] & number,
      primary_guild: null,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
    };
    const token = `${Buffer.from(id).toString('base64url')}.${d.alnum(6)}.${d.alnum(38)}`;
    return {
      user,
      application: {
        id,
        name,
        flags: this.scenario.privilegedIntents.reduce<number>((flags, intent) => flags | LIMITED_FLAGS[intent], 0),
      },
      token,
    };
  }

  private membersOf(g: GuildLayout | undefined): GuildMembers {
    const members = g && this.memberSets.get(g.id);
    if (!members) throw discordErrors.unknownGuild();
    return members;
  }

  private presencesOf(g: GuildLayout): GuildPresences {
    const presences = this.presenceSets.get(g.id);
    if (!presences) throw discordErrors.unknownGuild();
    return presences;
  }

  private liveChannelKey(): number {
    return hash(this.seed, LIVE_CHANNEL, this.liveChannels++);
  }

  /** A channel or thread of a guild: 10003 when unknown, 50024 for a DM. */
  private requireGuildChannel(channelId: string): ChannelLayout {
    const layout = this.requireChannel(channelId).layout;
    if (!layout) throw discordErrors.wrongChannelType();
    return layout;
  }

  /** A guild channel as CHANNEL_CREATE, CHANNEL_UPDATE and CHANNEL_DELETE carry it. */
  private channelEvent(layout: ChannelLayout): GatewayChannelModifyDispatchData {
    return this.objects.channel(layout) as GatewayChannelModifyDispatchData;
  }

  private emitChannel(t: GatewayDispatchEvents, layout: ChannelLayout): APIChannel {
    const d = this.channelEvent(layout);
    this.emit(t, d, layout.guild.id);
    return d;
  }

  private emitRole(t: GatewayDispatchEvents, g: GuildLayout, role: APIRole): APIRole {
    const d: GatewayGuildRoleModifyDispatchData = { guild_id: g.id, role: { ...role } };
    this.emit(t, d, g.id);
    return d.role;
  }

  private layoutRecord(layout: ChannelLayout): ChannelRecord {
    const timeline = layout.timeline;
    return {
      id: layout.id,
      layout,
      guild: layout.guild,
      store: new MessageStore({
        timeline,
        messageId: (i) => this.history.messageId(layout, i),
        generate: (i) => this.history.message(layout, i),
        generatedReactions: (i) => this.history.reactions(layout, i),
        userId: (i) => this.pool.id(i),
        resolve: (ref) => this.resolveRef(ref),
      }),
    };
  }

  private resolveRef(ref: MessageRef): APIMessage | null {
    return this.channelsById.get(ref.channel.id)?.store.historyMessage(ref.index) ?? null;
  }

  private requireGuild(guildId: string): GuildLayout {
    const g = this.guildsById.get(guildId);
    if (!g) throw discordErrors.unknownGuild();
    return g;
  }

  private requireChannel(channelId: string): ChannelRecord {
    const record = this.channelsById.get(channelId);
    if (!record) throw discordErrors.unknownChannel();
    return record;
  }

  private requireTextChannel(record: ChannelRecord): void {
    const type = record.layout?.type;
    if (type === ChannelType.GuildCategory || type === ChannelType.GuildForum) throw discordErrors.nonTextChannel();
  }

  private requireView(record: ChannelRecord, userId: string): void {
    const permissions = this.permissionsFor(record.id, userId);
    if (!(permissions & P.ViewChannel)) throw discordErrors.missingAccess();
  }

  private requirePermission(record: ChannelRecord, userId: string, permission: bigint): void {
    const permissions = this.permissionsFor(record.id, userId);
    if (!(permissions & P.ViewChannel)) throw discordErrors.missingAccess();
    if ((permissions & permission) !== permission) throw discordErrors.missingPermissions();
  }

  private emoji(emoji: string, record: ChannelRecord): { id: string | null; name: string; animated?: boolean } {
    return parseReactionEmoji(
      emoji,
      (record.guild ? [record.guild] : this.guildLayouts).flatMap((g) => g.emojis),
    );
  }

  private mentions(record: ChannelRecord, content: string, allowed: unknown) {
    return parseMentions(content, allowed, (id) => this.user(id), record.guild?.roles.map((r) => r.id) ?? []);
  }

  private reference(record: ChannelRecord, messageId: string) {
    const reference: { type: MessageReferenceType; message_id: string; channel_id: string; guild_id?: string } = {
      type: MessageReferenceType.Default,
      message_id: messageId,
      channel_id: record.id,
    };
    if (record.guild) reference.guild_id = record.guild.id;
    return reference;
  }

  /**
   * Creates a message after permission checks (done by the caller), emitting MESSAGE_CREATE.
   * System messages and deferred responses may be empty; ephemeral ones are returned, not kept.
   */
  private post(
    channelId: string,
    authorId: string,
    input: MessageInput,
    extra: Partial<APIMessage>,
    options: { ephemeral: boolean; allowEmpty: boolean },
  ): APIMessage {
    const record = this.requireChannel(channelId);
    const author = this.user(authorId);
    if (!author) throw discordErrors.unknownUser();
    validateMessageInput(input, record.guild?.stickers ?? [], options.allowEmpty);
    const now = this.now();
    const id = this.ids.next(now);
    const content = input.content ?? '';
    const mentions = this.mentions(record, content, input.allowed_mentions);
    const message: APIMessage = {
      id,
      channel_id: channelId,
      author,
      content,
      timestamp: discordTimestamp(now),
      edited_timestamp: null,
      tts: input.tts === true,
      mention_everyone: mentions.everyone,
      mentions: mentions.users,
      mention_roles: mentions.roles,
      attachments: this.storeUploads(channelId, input.files ?? [], now),
      embeds: toEmbeds(input.embeds),
      pinned: false,
      type: MessageType.Default,
      flags: (input.flags ?? 0) as MessageFlags,
      components: (input.components ?? []) as APIMessageTopLevelComponent[],
      ...extra,
    };
    if (input.nonce !== undefined) message.nonce = input.nonce;
    if (input.sticker_ids?.length) {
      message.sticker_items = input.sticker_ids.flatMap((sid) => {
        const s = record.guild?.stickers.find((x) => x.id === sid);
        return s ? [{ id: s.id, name: s.name, format_type: s.format_type }] : [];
      });
    }
    const ref = input.message_reference;
    if (ref && extra.message_reference === undefined) {
      const target =
        ref.channel_id && ref.channel_id !== channelId ? undefined : record.store.get(ref.message_id, false);
      if (target) {
        message.type = MessageType.Reply;
        message.message_reference = this.reference(record, target.id);
        message.referenced_message = target;
        const mentionTarget =
          (input.allowed_mentions as { replied_user?: boolean } | undefined)?.replied_user !== false;
        if (mentionTarget && !message.mentions.some((u) => u.id === target.author.id))
          message.mentions.push(target.author);
      } else if (ref.fail_if_not_exists !== false)
        throw discordErrors.invalidForm(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    }
    if (options.ephemeral) return message;

    record.store.append(message);
    this.unarchiveOnMessage(record);
    if (
      record.guild &&
      (message.type === MessageType.Default ||
        message.type === MessageType.Reply ||
        message.type === MessageType.ChatInputCommand ||
        message.type === MessageType.ContextMenuCommand)
    ) {
      this.truth.recordActivity({ at: now, guildId: record.guild.id, userId: authorId, kind: 'messages', count: 1 });
      this.truth.recordActivity({
        at: now,
        guildId: record.guild.id,
        userId: authorId,
        kind: 'attachments',
        count: message.attachments.length,
      });
    }
    this.emitInChannel(GatewayDispatchEvents.MessageCreate, this.messageEvent(record, message), record);
    return record.store.get(id) ?? message;
  }

  /** Applies an edit (content, embeds, components, flags, new files), emitting MESSAGE_UPDATE. */
  private edit(record: ChannelRecord, messageId: string, input: MessageInput, extra: Partial<APIMessage>): APIMessage {
    const current = record.store.base(messageId);
    if (!current) throw discordErrors.unknownMessage();
    const content = input.content ?? current.content;
    if (typeof content !== 'string' || content.length > MAX_CONTENT)
      throw discordErrors.invalidForm(
        ['content'],
        'BASE_TYPE_MAX_LENGTH',
        `Must be ${MAX_CONTENT} or fewer in length.`,
      );
    const now = this.now();
    const edited: APIMessage = {
      ...current,
      content,
      edited_timestamp: discordTimestamp(now),
      attachments: [...current.attachments, ...this.storeUploads(record.id, input.files ?? [], now)],
      ...extra,
    };
    if (input.embeds !== undefined) edited.embeds = toEmbeds(input.embeds);
    if (input.components !== undefined) edited.components = input.components as APIMessageTopLevelComponent[];
    if (input.flags !== undefined && extra.flags === undefined) edited.flags = input.flags as MessageFlags;
    if (input.content !== undefined) {
      const mentions = this.mentions(record, content, input.allowed_mentions);
      edited.mentions = mentions.users;
      edited.mention_roles = mentions.roles;
      edited.mention_everyone = mentions.everyone;
    }
    const loading = (Number(current.flags ?? 0) & MessageFlags.Loading) !== 0 && extra.flags !== undefined;
    if (
      !loading &&
      edited.content.trim() === '' &&
      edited.embeds.length === 0 &&
      edited.attachments.length === 0 &&
      !edited.sticker_items?.length &&
      !edited.components?.length
    )
      throw discordErrors.emptyMessage();
    record.store.replace(edited);
    if (record.guild)
      this.truth.recordActivity({
        at: now,
        guildId: record.guild.id,
        userId: current.author.id,
        kind: 'edits',
        count: 1,
      });
    const after = record.store.get(messageId) ?? edited;
    const d: GatewayMessageUpdateDispatchData = this.messageEvent(record, after);
    this.emitInChannel(GatewayDispatchEvents.MessageUpdate, d, record);
    return after;
  }

  private remove(record: ChannelRecord, messageId: string): void {
    const current = record.store.base(messageId);
    if (!current) throw discordErrors.unknownMessage();
    record.store.delete(messageId);
    const d: GatewayMessageDeleteDispatchData = { id: messageId, channel_id: record.id };
    if (record.guild) {
      d.guild_id = record.guild.id;
      this.truth.recordActivity({
        at: this.now(),
        guildId: record.guild.id,
        userId: current.author.id,
        kind: 'deletions',
        count: 1,
      });
    }
    this.emitInChannel(GatewayDispatchEvents.MessageDelete, d, record);
  }

  private messageEvent(record: ChannelRecord, message: APIMessage): GatewayMessageCreateDispatchData {
    const guild = record.guild;
    if (!guild) return { ...message, mentions: message.mentions };
    const members = this.membersOf(guild);
    const withoutUser = (m: APIGuildMember) => {
      const { user: _, ...rest } = m;
      return { ...rest, joined_at: rest.joined_at ?? discordTimestamp(guild.createdMs) };
    };
    const mentions: APIUserWithMember[] = message.mentions.map((u) => {
      const m = members.get(u.id);
      return m ? { ...u, member: withoutUser(m) } : u;
    });
    const d: GatewayMessageCreateDispatchData = { ...message, mentions, guild_id: guild.id };
    const author = members.get(message.author.id);
    if (author && !message.webhook_id) d.member = withoutUser(author);
    return d;
  }

  private storeUploads(channelId: string, files: NonNullable<MessageInput['files']>, now: number): APIAttachment[] {
    return files.map((file) => {
      const id = this.ids.next(now);
      const filename = file.name.replace(/[^\w.-]/g, '_') || 'unknown';
      const url = `${this.cdnBaseUrl}${attachmentPath(channelId, id, filename)}`;
      this.uploads.set(`${channelId}/${id}`, { bytes: file.bytes, contentType: file.contentType });
      const attachment: APIAttachment = {
        id,
        filename,
        size: file.bytes.length,
        url,
        proxy_url: url,
        content_type: file.contentType,
      };
      if (file.description) attachment.description = file.description;
      const dims = imageDimensions(file.bytes);
      if (dims) {
        attachment.width = dims.width;
        attachment.height = dims.height;
      }
      return attachment;
    });
  }

  private generatedAttachment(channelId: string, attachmentId: string): APIAttachment | undefined {
    const layout = this.channelsById.get(channelId)?.layout;
    if (!layout?.timeline || !isSnowflake(attachmentId)) return undefined;
    // Attachment k of a message has the message's id plus k + 1 (history ids keep their low 12 bits free).
    const messageId = (BigInt(attachmentId) & ~0xfffn).toString();
    const index = layout.timeline.firstAtOrAfter(snowflakeMs(messageId));
    if (index >= layout.timeline.count || this.history.messageId(layout, index) !== messageId) return undefined;
    return this.history.message(layout, index).message.attachments.find((a) => a.id === attachmentId);
  }

  private pinsChanged(record: ChannelRecord, messageId: string): void {
    const d: GatewayChannelPinsUpdateDispatchData = {
      channel_id: record.id,
      last_pin_timestamp: discordTimestamp(this.now()),
    };
    if (record.guild) d.guild_id = record.guild.id;
    this.emitInChannel(GatewayDispatchEvents.ChannelPinsUpdate, d, record);
    const message = record.store.get(messageId);
    if (message) this.emitInChannel(GatewayDispatchEvents.MessageUpdate, this.messageEvent(record, message), record);
  }

  private unarchiveOnMessage(record: ChannelRecord): void {
    const layout = record.layout;
    if (!layout?.thread || !this.objects.isArchived(layout)) return;
    layout.thread.archiveChange = { archived: false, atMs: this.now() };
    const d: GatewayThreadUpdateDispatchData = this.objects.thread(layout);
    this.emit(GatewayDispatchEvents.ThreadUpdate, d, layout.guild.id);
  }
}

/** What a DM participant may do: everything a DM allows. */
const DM_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.ReadMessageHistory |
  P.AddReactions |
  P.AttachFiles |
  P.EmbedLinks |
  P.ManageMessages;

const EMPTY_HISTORY = {
  timeline: null,
  messageId: () => '',
  generate: () => {
    throw new Error('a DM has no generated history');
  },
  generatedReactions: () => [],
  userId: () => '',
  resolve: () => null,
};

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(Number.isFinite(value) ? value : min)));
}
