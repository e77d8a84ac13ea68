import { parseInput } from '../bodies/parse-input.js';
import { userGuildsQuery } from '../bodies/query-schemas.js';
import { botRoute, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

/** What a bot lists of its own: `GET /users/@me/guilds` (its guilds) and `GET /users/@me/channels` (its DMs). */
export function userListRoutes({ world }: RouteDeps): RouteDefinition[] {
  return [
    botRoute('GET /users/@me/guilds', ({ bot, query }) => {
      const { before, after, limit, with_counts } = parseInput(userGuildsQuery, query);
      return ok(world.userGuilds(bot.user.id, { before, after, limit, withCounts: with_counts }));
    }),
    // Discord lists no DM channels to a bot, even those it opened (discord-api-docs #184, #615), and dropped
    // the operation from its documentation (#2770): a bot reaches a DM only through POST /users/@me/channels.
    botRoute('GET /users/@me/channels', () => ok([])),
  ];
}
