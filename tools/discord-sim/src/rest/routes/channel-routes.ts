import { PermissionFlagsBits } from 'discord-api-types/v10';
import { parseInput } from '../bodies/parse-input.js';
import { archivedThreadsQuery } from '../bodies/query-schemas.js';
import { accessChannel } from '../channel-access.js';
import { botRoute, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

const P = PermissionFlagsBits;

/** A channel and its archived threads, public and private. */
export function channelRoutes({ world }: RouteDeps): RouteDefinition[] {
  return [
    botRoute('GET /channels/:channel_id', ({ bot, params }) =>
      ok(accessChannel(world, bot.user.id, params.channel_id as string)),
    ),
    ...(['public', 'private'] as const).map((kind) =>
      botRoute(`GET /channels/:channel_id/threads/archived/${kind}`, ({ bot, params, query }) => {
        const channelId = params.channel_id as string;
        // Private archived threads need Manage Threads, public ones Read Message History, as on Discord.
        accessChannel(world, bot.user.id, channelId, kind === 'private' ? P.ManageThreads : P.ReadMessageHistory);
        const page = parseInput(archivedThreadsQuery, query);
        const result = world.archivedThreads(channelId, {
          private: kind === 'private',
          limit: page.limit,
          ...(page.before === undefined ? {} : { before: page.before }),
        });
        return ok({ threads: result.threads, members: [], has_more: result.has_more });
      }),
    ),
  ];
}
