import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { SimBot } from '../../world/world.js';
import { parseInput } from '../bodies/parse-input.js';
import { pinsQuery } from '../bodies/query-schemas.js';
import { accessChannel } from '../channel-access.js';
import { botRoute, NO_CONTENT, ok, type RouteDefinition, type RouteRequest } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

const P = PermissionFlagsBits;

/** Pins, under both paths Discord serves: `/messages/pins` (paged) and the deprecated `/pins`. */
export function pinRoutes({ world }: RouteDeps): RouteDefinition[] {
  const pin = ({ bot, params }: RouteRequest<SimBot>, action: 'pin' | 'unpin') => {
    world[action](params.channel_id as string, params.message_id as string, bot.user.id);
    return NO_CONTENT;
  };
  return [
    botRoute('GET /channels/:channel_id/messages/pins', ({ bot, params, query }) => {
      const channelId = params.channel_id as string;
      accessChannel(world, bot.user.id, channelId, P.ViewChannel | P.ReadMessageHistory);
      const { before, limit } = parseInput(pinsQuery, query);
      // The world keeps no pin time; a message's own timestamp stands in for it.
      const pinned = world
        .pins(channelId)
        .map((message) => ({ pinned_at: message.timestamp, message }))
        .filter((item) => before === undefined || Date.parse(item.pinned_at) < Date.parse(before));
      return ok({ items: pinned.slice(0, limit), has_more: pinned.length > limit });
    }),
    botRoute('GET /channels/:channel_id/pins', ({ bot, params }) => {
      const channelId = params.channel_id as string;
      accessChannel(world, bot.user.id, channelId, P.ViewChannel | P.ReadMessageHistory);
      return ok(world.pins(channelId));
    }),
    botRoute('PUT /channels/:channel_id/messages/pins/:message_id', (request) => pin(request, 'pin')),
    botRoute('DELETE /channels/:channel_id/messages/pins/:message_id', (request) => pin(request, 'unpin')),
    botRoute('PUT /channels/:channel_id/pins/:message_id', (request) => pin(request, 'pin')),
    botRoute('DELETE /channels/:channel_id/pins/:message_id', (request) => pin(request, 'unpin')),
  ];
}
