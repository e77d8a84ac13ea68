import type { APIInteraction } from 'discord-api-types/v10';
import type { World } from '../world/world.js';
import { VirtualUserError } from './virtual-user-error.js';

/** Who acts where: a member of a guild, in one of its channels, towards one application. */
export interface InteractionActor {
  applicationId: string;
  guildId: string;
  channelId: string;
  userId: string;
}

/** What `World.createInteraction` takes. */
export type InteractionInput = Omit<APIInteraction, 'id' | 'token' | 'version'>;

/** Most people run Discord in US English; the rest spread over a few locales. */
const LOCALES = ['en-US', 'en-US', 'en-US', 'en-US', 'en-US', 'en-GB', 'de', 'fr', 'es-ES', 'pt-BR', 'ja'] as const;

/**
 * The fields every interaction of a member in a guild channel carries, as Discord fills them: the
 * member with their permissions in the channel, the channel, the application's permissions there, the
 * user's locale (fixed per user), the guild's, and the install context.
 */
export function guildInteractionFields(world: World, actor: InteractionActor) {
  const { applicationId, guildId, channelId, userId } = actor;
  const member = world.member(guildId, userId);
  if (!member) throw new VirtualUserError(`user ${userId} is not a member of guild ${guildId}`);
  const channel = world.channel(channelId);
  if (!channel || (channel as { guild_id?: string }).guild_id !== guildId)
    throw new VirtualUserError(`channel ${channelId} is not a channel of guild ${guildId}`);
  const bot = world.bots.find((b) => b.application.id === applicationId);
  if (!bot)
    throw new VirtualUserError(
      `no bot has application ${applicationId}; applications: ${world.bots.map((b) => b.application.id).join(', ')}`,
    );
  return {
    application_id: applicationId,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel,
    channel_id: channelId,
    member: { ...member, permissions: String(world.permissionsFor(channelId, userId)) },
    app_permissions: String(world.permissionsFor(channelId, bot.user.id)),
    locale: LOCALES[Number(BigInt(userId) % BigInt(LOCALES.length))] ?? 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { 0: guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}
