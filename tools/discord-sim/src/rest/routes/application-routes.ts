import { createHash } from 'node:crypto';
import type { SimBot, World } from '../../world/world.js';
import { botRoute, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

/** `GET /applications/@me`: the bot's application with the fields Discord always sends. */
export function applicationRoutes({ world }: RouteDeps): RouteDefinition[] {
  return [botRoute('GET /applications/@me', ({ bot }) => ok(application(world, bot)))];
}

function application(world: World, bot: SimBot) {
  const guilds = world.guildIds().filter((guildId) => world.member(guildId, bot.user.id));
  const firstGuild = guilds[0] === undefined ? undefined : world.guild(guilds[0]);
  const owner = (firstGuild && world.user(firstGuild.owner_id)) ?? bot.user;
  const flags = bot.application.flags ?? 0;
  return {
    id: bot.application.id,
    name: bot.application.name,
    icon: null,
    description: '',
    type: null,
    bot: bot.user,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: createHash('sha256').update(`verify:${bot.application.id}`).digest('hex'),
    flags,
    flags_new: String(flags),
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    owner,
    approximate_guild_count: guilds.length,
    approximate_user_install_count: 0,
    approximate_user_authorization_count: 0,
    explicit_content_filter: 0,
    team: null,
    eligible_oauth2_scopes: ['applications.commands', 'bot'],
    integration_types_config: { '0': {} },
  };
}
