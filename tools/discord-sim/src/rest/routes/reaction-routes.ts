import { PermissionFlagsBits } from 'discord-api-types/v10';
import { parseInput } from '../bodies/parse-input.js';
import { reactionUsersQuery } from '../bodies/query-schemas.js';
import { accessChannel } from '../channel-access.js';
import { botRoute, NO_CONTENT, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

const P = PermissionFlagsBits;
const BASE = '/channels/:channel_id/messages/:message_id/reactions/:emoji';

/** Reactions: add and remove the bot's own, remove another user's, list who reacted. */
export function reactionRoutes({ world }: RouteDeps): RouteDefinition[] {
  /** Channel, message and emoji (decoded: `name` or `name:id`), after the read checks the world leaves to REST. */
  const target = (botUserId: string, params: Readonly<Record<string, string>>, needed: bigint) => {
    const channelId = params.channel_id as string;
    accessChannel(world, botUserId, channelId, needed);
    return [channelId, params.message_id as string, params.emoji as string] as const;
  };
  return [
    botRoute(`PUT ${BASE}/@me`, ({ bot, params }) => {
      world.addReaction(...target(bot.user.id, params, 0n), bot.user.id);
      return NO_CONTENT;
    }),
    botRoute(`DELETE ${BASE}/@me`, ({ bot, params }) => {
      world.removeReaction(...target(bot.user.id, params, 0n), bot.user.id);
      return NO_CONTENT;
    }),
    botRoute(`DELETE ${BASE}/:user_id`, ({ bot, params }) => {
      // Removing another user's reaction needs Manage Messages, which the world does not check.
      world.removeReaction(...target(bot.user.id, params, P.ManageMessages), params.user_id as string);
      return NO_CONTENT;
    }),
    botRoute(`GET ${BASE}`, ({ bot, params, query }) => {
      const { after, limit } = parseInput(reactionUsersQuery, query);
      const page = after === undefined ? { limit } : { after, limit };
      return ok(world.reactionUsers(...target(bot.user.id, params, P.ReadMessageHistory), page));
    }),
  ];
}
