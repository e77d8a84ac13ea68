import type {
  ActivityType,
  APIApplication,
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIInteraction,
  APIMessage,
  APIRole,
  APIThreadChannel,
  APIUser,
  ChannelType,
  GatewayGuildCreateDispatchData,
  GatewayPresenceUpdate,
  GatewayVoiceState,
  PresenceUpdateReceiveStatus,
  RESTAPIPartialCurrentUserGuild,
  ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';
import type { GuildSettings } from './layout.js';
import type { Scenario } from './scenario.js';

/**
 * The contract between the simulated world and its two doors (REST and gateway) and the traffic engine.
 *
 * The world is deterministic: the same scenario and seed give the same guilds, members and channel
 * histories, byte for byte. Histories are generated on demand from (seed, channel, index), so a
 * channel of millions of messages costs no memory until something changes it; changes (live
 * messages, edits, deletions, reactions, member edits) are kept as an overlay. Every change is emitted
 * as a {@link WorldDispatch}, which the gateway delivers to the sessions entitled to it, and recorded in
 * the ground truth: what the world shows of a guild (settings, channels, threads, roles, members,
 * presences, voice states) changes only through dispatches, so a cache fed by them stays equal to it
 * (last message ids and thread message counts follow the message events, as on Discord).
 */

/** A bot that may use the simulated API: one per application, each with its own token. */
export interface SimBot {
  user: APIUser;
  application: Pick<APIApplication, 'id' | 'name' | 'flags'>;
  token: string;
}

/** A change of the world as Discord would dispatch it on the gateway. */
export interface WorldDispatch {
  /** Dispatch event name, e.g. `MESSAGE_CREATE`. */
  t: string;
  /** The payload exactly as Discord sends it. */
  d: unknown;
  /** The guild it belongs to, null for DMs; decides the shard. */
  guildId: string | null;
  /** When set, only sessions of this application receive it (interactions). */
  applicationId?: string;
}

/** Paging of messages as `GET /channels/{id}/messages` takes it; bounds are exclusive; at most one of the three. */
export interface MessagePage {
  before?: string;
  after?: string;
  around?: string;
  /** 1 to 100; 50 by default. */
  limit?: number;
}

/**
 * Paging of `GET /users/@me/guilds`; bounds are exclusive guild ids. Discord answers in ascending id order
 * either way: `before` alone gives the `limit` guilds just before it, otherwise the first `limit` after `after`.
 */
export interface UserGuildsPage {
  before?: string;
  after?: string;
  /** 1 to 200. */
  limit: number;
  /** Adds `approximate_member_count` and `approximate_presence_count`. */
  withCounts?: boolean;
}

/** What a caller may send when creating a message (JSON body, plus uploaded files of a multipart body). */
export interface MessageInput {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  sticker_ids?: string[];
  message_reference?: { message_id: string; channel_id?: string; fail_if_not_exists?: boolean };
  flags?: number;
  tts?: boolean;
  nonce?: string | number;
  allowed_mentions?: unknown;
  /** Files uploaded with a multipart body, matched to `attachments[].id` of the JSON part. */
  files?: { name: string; contentType: string; bytes: Uint8Array; description?: string }[];
}

/** A change of a member as a moderator makes it: a nickname (null or '' clears it), the complete list of roles. */
export interface MemberPatch {
  nick?: string | null;
  roles?: string[];
}

/** The channel types a guild may create. */
export type CreatableChannelType =
  | ChannelType.GuildText
  | ChannelType.GuildVoice
  | ChannelType.GuildCategory
  | ChannelType.GuildAnnouncement
  | ChannelType.GuildStageVoice
  | ChannelType.GuildForum;

export interface ChannelInput {
  /** 1–100 characters; text, announcement and forum names are lower-cased with dashes, as Discord does. */
  name: string;
  type: CreatableChannelType;
  /** A category of the guild; categories have none. */
  parent_id?: string | null;
  /** Text, announcement and forum channels only, up to 1024 characters. */
  topic?: string | null;
}

export interface ChannelPatch {
  name?: string;
  topic?: string | null;
  nsfw?: boolean;
  parent_id?: string | null;
  position?: number;
}

export interface ThreadInput {
  name: string;
  /** A message of the parent to start it from: the thread takes its id, and the message gets a `thread`. */
  messageId?: string;
  /** A private thread (text channels only, not from a message). */
  private?: boolean;
  /** Minutes; a day by default. */
  auto_archive_duration?: ThreadAutoArchiveDuration;
}

export interface ThreadPatch {
  name?: string;
  archived?: boolean;
  locked?: boolean;
  auto_archive_duration?: ThreadAutoArchiveDuration;
}

/** A role to create, or a change of one: what is left out keeps its value (a new role's defaults are Discord's). */
export interface RoleInput {
  name?: string;
  /** RGB, 0 for none. */
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  /** The permission bits as a decimal string. */
  permissions?: string;
}

/** A change of a guild's settings. */
export type GuildPatch = Partial<GuildSettings>;

export interface PresenceInput {
  /** `offline` drops the member from the presences GUILD_CREATE and member chunks carry. */
  status: PresenceUpdateReceiveStatus;
  activities?: { name: string; type: ActivityType; state?: string; url?: string }[];
  /** The client the status is set from; desktop by default. */
  platform?: 'desktop' | 'mobile' | 'web';
}

/** An error Discord would answer with: HTTP status, JSON error code and message, field errors for 50035. */
export class SimDiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SimDiscordError';
  }
}

/** A recorded REST call, kept for the ground truth (e.g. the most requests a bot made in any second). */
export interface RecordedRequest {
  /** The bot whose token authorised the call; null for token-in-path routes and unauthenticated calls. */
  botId: string | null;
  method: string;
  /** The route template, e.g. `/channels/:channel_id/messages`. */
  route: string;
  status: number;
  /** Epoch milliseconds at which the simulator received it. */
  at: number;
}

/** An interaction the world knows, with the response it got (kept while its token lives, 15 minutes). */
export interface InteractionRecord {
  interaction: APIInteraction;
  /** Epoch ms at which it was created. */
  createdAt: number;
  /** The callback's `type` and `data`, or null while unanswered: how a virtual user sees a modal opened for it. */
  response: { type: number; data: unknown } | null;
}

/** What one user did in a guild within a time window, counted from the events the world emitted. */
export interface UserActivity {
  userId: string;
  messages: number;
  edits: number;
  deletions: number;
  reactionsGiven: number;
  reactionsReceived: number;
  /** Seconds in voice channels other than the AFK channel, sessions clipped to the window. */
  voiceSeconds: number;
  attachments: number;
}

/** Ground truth: what really happened, to check every service against. */
export interface GroundTruth {
  /** Activity of every user who did something in the guild in [from, to) (epoch ms), live traffic only. */
  activity(guildId: string, from: number, to: number): UserActivity[];
  /** Every event the world emitted in [from, to), oldest first. */
  events(from: number, to: number): Iterable<WorldDispatch & { at: number }>;
  /** Every REST call, oldest first. */
  requests(): readonly RecordedRequest[];
  /** The most calls one bot made within any window of `windowMs` (default 1000). */
  maxRequestsInWindow(botId: string, windowMs?: number): number;
  recordRequest(request: RecordedRequest): void;
}

export interface World {
  readonly seed: number;
  /** The validated scenario, with its live rates for the traffic engine. */
  readonly scenario: Scenario;
  /**
   * Base URL (no trailing slash) that attachment, avatar and emoji URLs start with; the REST layer
   * sets it to its own CDN route once it listens. Generated history follows it at once; live messages
   * keep the URLs they were created with.
   */
  cdnBaseUrl: string;
  /** Bots of the scenario; the first is the default one `npm start` hands to the stack. */
  readonly bots: readonly SimBot[];
  /** The bot a token belongs to, or undefined (the REST layer answers 401). */
  botByToken(token: string): SimBot | undefined;

  guildIds(): readonly string[];
  guild(guildId: string): APIGuild | undefined;
  /** The guilds a user is a member of, as partial guilds with its guild-level permissions (no overwrites). */
  userGuilds(userId: string, page: UserGuildsPage): RESTAPIPartialCurrentUserGuild[];
  /**
   * The GUILD_CREATE a shard receives on connect: channels, threads, roles, voice states, and members
   * (all of them when the guild has at most `largeThreshold` members, otherwise those in voice and the
   * bots, with `large: true`, as Discord does), with the presences of the members it carries.
   */
  guildCreate(guildId: string, largeThreshold: number): GatewayGuildCreateDispatchData;
  channels(guildId: string): APIChannel[];
  channel(channelId: string): APIChannel | undefined;
  roles(guildId: string): APIRole[];
  user(userId: string): APIUser | undefined;
  /**
   * Users of the global pool (members or not) ordered by id, after the given id (exclusive), at most
   * `limit` (1–1000): where the traffic engine finds people to join a guild.
   */
  users(page: { after?: string; limit: number }): APIUser[];
  member(guildId: string, userId: string): APIGuildMember | undefined;
  /** Members ordered by user id, after the given id (exclusive), at most `limit` (1–1000). */
  members(guildId: string, page: { after?: string; limit: number }): APIGuildMember[];
  /**
   * Ids of the guild's human members, most active first: generated members in the ranking by which the
   * history's authors were drawn (so that live traffic keeps the same people at the top), then those who
   * joined live, in the order they joined. Bot accounts are left out.
   */
  membersByActivity(guildId: string): string[];
  /** Members whose username or nickname starts with `query` (case-insensitive), at most `limit`. */
  searchMembers(guildId: string, query: string, limit: number): APIGuildMember[];
  /**
   * A user's permissions in a channel as Discord computes them (roles, then overwrites), 0n when not
   * a member; the REST layer uses it to answer 50001 (no VIEW_CHANNEL) and 50013 on reads.
   */
  permissionsFor(channelId: string, userId: string): bigint;
  activeThreads(guildId: string): APIThreadChannel[];
  archivedThreads(
    channelId: string,
    options: { private: boolean; before?: string; limit: number },
  ): { threads: APIThreadChannel[]; has_more: boolean };
  voiceStates(guildId: string): GatewayVoiceState[];

  /** Messages newest first, as Discord pages them. Throws 10003 for an unknown channel. */
  messages(channelId: string, page: MessagePage): APIMessage[];
  message(channelId: string, messageId: string): APIMessage | undefined;
  /** Number of messages the channel holds now (history plus live, less deletions). */
  messageCount(channelId: string): number;
  /**
   * A chat line in the style of a guild channel's generated history (mentions of its guild's members,
   * roles and channels, emoji, links), a pure function of (seed, channel, key): what virtual users say.
   * Throws 10003 for an unknown channel or a DM.
   */
  chatLine(channelId: string, key: number): string;
  createMessage(channelId: string, authorId: string, input: MessageInput): APIMessage;
  editMessage(channelId: string, messageId: string, editorId: string, input: MessageInput): APIMessage;
  deleteMessage(channelId: string, messageId: string, actorId: string): void;
  /** 2 to 100 ids, none older than 14 days (50034), as Discord requires. */
  bulkDeleteMessages(channelId: string, messageIds: string[], actorId: string): void;
  pins(channelId: string): APIMessage[];
  pin(channelId: string, messageId: string, actorId: string): void;
  unpin(channelId: string, messageId: string, actorId: string): void;
  /** `emoji` as Discord takes it in the path: `name` for unicode, `name:id` for custom. */
  addReaction(channelId: string, messageId: string, emoji: string, userId: string): void;
  removeReaction(channelId: string, messageId: string, emoji: string, userId: string): void;
  reactionUsers(
    channelId: string,
    messageId: string,
    emoji: string,
    page: { after?: string; limit: number },
  ): APIUser[];
  typing(channelId: string, userId: string): void;
  /** The DM channel between a bot and a user, created on first use. */
  openDm(botId: string, recipientId: string): APIChannel;

  /** An interaction a (virtual) user performs; emitted as INTERACTION_CREATE to the application only. */
  createInteraction(interaction: Omit<APIInteraction, 'id' | 'token' | 'version'>): APIInteraction;
  /**
   * The callback of an interaction: 10062 when unknown or older than 3 s without a response, 40060 when
   * already acknowledged. Returns the message created, if the response creates one.
   */
  respondToInteraction(interactionId: string, token: string, body: unknown): APIMessage | undefined;
  /** Original response of an interaction (`/webhooks/{app}/{token}/messages/@original`). */
  originalResponse(applicationId: string, token: string): APIMessage;
  editOriginalResponse(applicationId: string, token: string, input: MessageInput): APIMessage;
  deleteOriginalResponse(applicationId: string, token: string): void;
  createFollowUp(applicationId: string, token: string, input: MessageInput): APIMessage;
  /** A follow-up (or the original response) by id (`/webhooks/{app}/{token}/messages/{id}`); 10008 when not the interaction's. */
  followUp(applicationId: string, token: string, messageId: string): APIMessage;
  editFollowUp(applicationId: string, token: string, messageId: string, input: MessageInput): APIMessage;
  deleteFollowUp(applicationId: string, token: string, messageId: string): void;
  /** The interaction and its response, while its token lives. */
  interaction(interactionId: string): InteractionRecord | undefined;

  voiceJoin(guildId: string, userId: string, channelId: string): void;
  voiceLeave(guildId: string, userId: string): void;
  voiceUpdate(
    guildId: string,
    userId: string,
    flags: Partial<Pick<GatewayVoiceState, 'self_mute' | 'self_deaf' | 'self_stream' | 'self_video'>>,
  ): void;
  memberJoin(guildId: string, userId: string): APIGuildMember;
  memberLeave(guildId: string, userId: string): void;
  /** Changes a member's nickname or roles (10007 unknown member, 10011 unknown role, 50028 managed or @everyone); emits GUILD_MEMBER_UPDATE. */
  updateMember(guildId: string, userId: string, patch: MemberPatch): APIGuildMember;

  /** Sets a member's presence (10007 for a non-member); emits PRESENCE_UPDATE. */
  setPresence(guildId: string, userId: string, presence: PresenceInput): void;
  presence(guildId: string, userId: string): GatewayPresenceUpdate | undefined;
  /** The presences of the guild's members that are not offline, by user id. */
  presences(guildId: string): GatewayPresenceUpdate[];

  /** Emits CHANNEL_CREATE. 30013 beyond 500 channels. */
  createChannel(guildId: string, input: ChannelInput): APIChannel;
  /** Emits CHANNEL_UPDATE; 50024 for a thread (see {@link updateThread}). */
  updateChannel(channelId: string, patch: ChannelPatch): APIChannel;
  /**
   * Deletes a channel (a thread: as {@link deleteThread}), emitting CHANNEL_DELETE and what follows from it
   * as Discord does: its voice members disconnected (VOICE_STATE_UPDATE), a category's children moved to
   * the top (CHANNEL_UPDATE each), the AFK or system channel unset (GUILD_UPDATE). Its threads go with it
   * without THREAD_DELETE. The guild's rules channel cannot be deleted (50074). Returns the channel.
   */
  deleteChannel(channelId: string): APIChannel;
  /**
   * A member creates a thread in a text or announcement channel (forum posts need a first message: 50035),
   * emitting THREAD_CREATE (`newly_created`), then MESSAGE_UPDATE of the message it starts from, or the
   * ThreadCreated message in the parent for a public thread of its own. 160004 when the message has one.
   */
  createThread(channelId: string, creatorId: string, input: ThreadInput): APIThreadChannel;
  /** Renames, archives, unarchives or locks a thread; emits THREAD_UPDATE. */
  updateThread(threadId: string, patch: ThreadPatch): APIThreadChannel;
  /** Emits THREAD_DELETE. */
  deleteThread(threadId: string): void;

  /** Creates a role just above @everyone; emits GUILD_ROLE_CREATE. 30005 beyond 250 roles. */
  createRole(guildId: string, input: RoleInput): APIRole;
  /** Emits GUILD_ROLE_UPDATE; managed roles are refused (50028), @everyone keeps its name. */
  updateRole(guildId: string, roleId: string, patch: RoleInput): APIRole;
  /**
   * Deletes a role (not @everyone nor a managed one: 50028) and takes it from every member, emitting
   * GUILD_ROLE_DELETE only: Discord sends no GUILD_MEMBER_UPDATE for the members who had it, a cache drops
   * the role from them itself. Permission overwrites naming it are left in place; they grant nothing now.
   */
  deleteRole(guildId: string, roleId: string): void;
  /** Changes the guild's settings; emits GUILD_UPDATE. */
  updateGuild(guildId: string, patch: GuildPatch): APIGuild;

  /** Bytes of an attachment, avatar or emoji by its CDN path, e.g. `/attachments/{channel}/{id}/{name}`. */
  cdnAsset(path: string): { bytes: Uint8Array; contentType: string } | undefined;

  /** Subscribes to every change; returns the unsubscribe function. */
  onDispatch(listener: (dispatch: WorldDispatch) => void): () => void;
  readonly truth: GroundTruth;
}
