import { type APIInteraction, ApplicationCommandType, InteractionType } from 'discord-api-types/v10';
import type { SimBot, World } from '../../../src/world/world.js';

/** Makes a member of the guild use a chat input command of the bot in a channel, as the traffic engine would. */
export function useSlashCommand(world: World, bot: SimBot, guildId: string, channelId: string, name = 'ping') {
  const members = world.members(guildId, { limit: 50 });
  const member = members.find((candidate) => !candidate.user.bot) ?? members[0];
  const channel = world.channel(channelId);
  if (!member || !channel) throw new Error('the scenario has no member or channel to use a command');
  return world.createInteraction({
    type: InteractionType.ApplicationCommand,
    application_id: bot.application.id,
    guild_id: guildId,
    channel,
    channel_id: channelId,
    member: { ...member, permissions: '0' },
    data: { id: '1', name, type: ApplicationCommandType.ChatInput },
    locale: 'en-US',
    guild_locale: 'en-US',
    app_permissions: '0',
    entitlements: [],
    authorizing_integration_owners: { 0: guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  } as unknown as Omit<APIInteraction, 'id' | 'token' | 'version'>);
}
