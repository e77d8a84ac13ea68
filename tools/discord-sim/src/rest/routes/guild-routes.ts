import { PermissionFlagsBits } from 'discord-api-types/v10';
import { discordErrors } from '../../world/errors.js';
import { parseInput } from '../bodies/parse-input.js';
import { memberSearchQuery, membersQuery } from '../bodies/query-schemas.js';
import { accessGuild, hasPermissions } from '../channel-access.js';
import { botRoute, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

/** A guild, its channels, roles, members (get, list, search) and active threads. */
export function guildRoutes({ world }: RouteDeps): RouteDefinition[] {
  return [
    botRoute('GET /guilds/:guild_id', ({ bot, params }) =>
      ok(accessGuild(world, bot.user.id, params.guild_id as string)),
    ),
    botRoute('GET /guilds/:guild_id/channels', ({ bot, params }) => {
      const guildId = params.guild_id as string;
      accessGuild(world, bot.user.id, guildId);
      return ok(world.channels(guildId));
    }),
    botRoute('GET /guilds/:guild_id/roles', ({ bot, params }) => {
      const guildId = params.guild_id as string;
      accessGuild(world, bot.user.id, guildId);
      return ok(world.roles(guildId));
    }),
    botRoute('GET /guilds/:guild_id/members', ({ bot, params, query }) => {
      const guildId = params.guild_id as string;
      accessGuild(world, bot.user.id, guildId);
      const page = parseInput(membersQuery, query);
      return ok(world.members(guildId, page.after === undefined ? { limit: page.limit } : page));
    }),
    botRoute('GET /guilds/:guild_id/members/search', ({ bot, params, query }) => {
      const guildId = params.guild_id as string;
      accessGuild(world, bot.user.id, guildId);
      const search = parseInput(memberSearchQuery, query);
      return ok(world.searchMembers(guildId, search.query, search.limit));
    }),
    botRoute('GET /guilds/:guild_id/members/:user_id', ({ bot, params }) => {
      const guildId = params.guild_id as string;
      accessGuild(world, bot.user.id, guildId);
      const member = world.member(guildId, params.user_id as string);
      if (!member) throw discordErrors.unknownMember();
      return ok(member);
    }),
    botRoute('GET /guilds/:guild_id/threads/active', ({ bot, params }) => {
      const guildId = params.guild_id as string;
      accessGuild(world, bot.user.id, guildId);
      // Discord lists only the threads the bot can see.
      const threads = world
        .activeThreads(guildId)
        .filter((thread) => hasPermissions(world, bot.user.id, thread.id, PermissionFlagsBits.ViewChannel));
      return ok({ threads, members: [], has_more: false });
    }),
  ];
}
