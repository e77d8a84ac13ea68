import { ApplicationFlags, GatewayIntentBits } from 'discord-api-types/v10';

const I = GatewayIntentBits;

/** Every intent bit Discord defines; a bit outside this mask gets close code 4013. */
export const KNOWN_INTENTS: number = Object.values(GatewayIntentBits)
  .filter((value): value is number => typeof value === 'number')
  .reduce((mask, bit) => mask | bit, 0);

/** Privileged intents and the application flags (full or limited) that unlock each. */
const PRIVILEGED: readonly { intent: number; flags: number }[] = [
  { intent: I.GuildPresences, flags: ApplicationFlags.GatewayPresence | ApplicationFlags.GatewayPresenceLimited },
  { intent: I.GuildMembers, flags: ApplicationFlags.GatewayGuildMembers | ApplicationFlags.GatewayGuildMembersLimited },
  {
    intent: I.MessageContent,
    flags: ApplicationFlags.GatewayMessageContent | ApplicationFlags.GatewayMessageContentLimited,
  },
];

/** The privileged intents of `intents` that an application with `applicationFlags` has not been granted (4014). */
export function disallowedIntents(intents: number, applicationFlags: number): number {
  let disallowed = 0;
  for (const { intent, flags } of PRIVILEGED) {
    if ((intents & intent) !== 0 && (applicationFlags & flags) === 0) disallowed |= intent;
  }
  return disallowed;
}

/** Event → intent for events whose intent does not depend on where they happen. */
const GUILD_ONLY: Readonly<Record<string, number>> = {
  GUILD_CREATE: I.Guilds,
  GUILD_UPDATE: I.Guilds,
  GUILD_DELETE: I.Guilds,
  GUILD_ROLE_CREATE: I.Guilds,
  GUILD_ROLE_UPDATE: I.Guilds,
  GUILD_ROLE_DELETE: I.Guilds,
  CHANNEL_CREATE: I.Guilds,
  CHANNEL_UPDATE: I.Guilds,
  CHANNEL_DELETE: I.Guilds,
  THREAD_CREATE: I.Guilds,
  THREAD_UPDATE: I.Guilds,
  THREAD_DELETE: I.Guilds,
  THREAD_LIST_SYNC: I.Guilds,
  THREAD_MEMBER_UPDATE: I.Guilds,
  THREAD_MEMBERS_UPDATE: I.Guilds,
  STAGE_INSTANCE_CREATE: I.Guilds,
  STAGE_INSTANCE_UPDATE: I.Guilds,
  STAGE_INSTANCE_DELETE: I.Guilds,
  GUILD_MEMBER_ADD: I.GuildMembers,
  GUILD_MEMBER_UPDATE: I.GuildMembers,
  GUILD_MEMBER_REMOVE: I.GuildMembers,
  GUILD_AUDIT_LOG_ENTRY_CREATE: I.GuildModeration,
  GUILD_BAN_ADD: I.GuildModeration,
  GUILD_BAN_REMOVE: I.GuildModeration,
  GUILD_EMOJIS_UPDATE: I.GuildExpressions,
  GUILD_STICKERS_UPDATE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUND_CREATE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUND_UPDATE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUND_DELETE: I.GuildExpressions,
  GUILD_SOUNDBOARD_SOUNDS_UPDATE: I.GuildExpressions,
  GUILD_INTEGRATIONS_UPDATE: I.GuildIntegrations,
  INTEGRATION_CREATE: I.GuildIntegrations,
  INTEGRATION_UPDATE: I.GuildIntegrations,
  INTEGRATION_DELETE: I.GuildIntegrations,
  WEBHOOKS_UPDATE: I.GuildWebhooks,
  INVITE_CREATE: I.GuildInvites,
  INVITE_DELETE: I.GuildInvites,
  VOICE_STATE_UPDATE: I.GuildVoiceStates,
  VOICE_CHANNEL_EFFECT_SEND: I.GuildVoiceStates,
  PRESENCE_UPDATE: I.GuildPresences,
  GUILD_SCHEDULED_EVENT_CREATE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_UPDATE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_DELETE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_USER_ADD: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_USER_REMOVE: I.GuildScheduledEvents,
  AUTO_MODERATION_RULE_CREATE: I.AutoModerationConfiguration,
  AUTO_MODERATION_RULE_UPDATE: I.AutoModerationConfiguration,
  AUTO_MODERATION_RULE_DELETE: I.AutoModerationConfiguration,
  AUTO_MODERATION_ACTION_EXECUTION: I.AutoModerationExecution,
};

/** Event → [intent in a guild, intent in a DM] for events that happen in both. */
const GUILD_OR_DM: Readonly<Record<string, readonly [number, number]>> = {
  MESSAGE_CREATE: [I.GuildMessages, I.DirectMessages],
  MESSAGE_UPDATE: [I.GuildMessages, I.DirectMessages],
  MESSAGE_DELETE: [I.GuildMessages, I.DirectMessages],
  MESSAGE_DELETE_BULK: [I.GuildMessages, I.DirectMessages],
  CHANNEL_PINS_UPDATE: [I.Guilds, I.DirectMessages],
  MESSAGE_REACTION_ADD: [I.GuildMessageReactions, I.DirectMessageReactions],
  MESSAGE_REACTION_REMOVE: [I.GuildMessageReactions, I.DirectMessageReactions],
  MESSAGE_REACTION_REMOVE_ALL: [I.GuildMessageReactions, I.DirectMessageReactions],
  MESSAGE_REACTION_REMOVE_EMOJI: [I.GuildMessageReactions, I.DirectMessageReactions],
  TYPING_START: [I.GuildMessageTyping, I.DirectMessageTyping],
  MESSAGE_POLL_VOTE_ADD: [I.GuildMessagePolls, I.DirectMessagePolls],
  MESSAGE_POLL_VOTE_REMOVE: [I.GuildMessagePolls, I.DirectMessagePolls],
};

/**
 * The intent a session needs to receive event `t`, or 0 when the event is not gated by intents
 * (READY, INTERACTION_CREATE, USER_UPDATE, GUILD_MEMBERS_CHUNK, ...).
 */
export function requiredIntent(t: string, inGuild: boolean): number {
  const pair = GUILD_OR_DM[t];
  if (pair !== undefined) return inGuild ? pair[0] : pair[1];
  return GUILD_ONLY[t] ?? 0;
}
