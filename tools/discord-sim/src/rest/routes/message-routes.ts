import { PermissionFlagsBits } from 'discord-api-types/v10';
import { discordErrors } from '../../world/errors.js';
import type { MessagePage } from '../../world/world.js';
import { bulkDeleteBody, messageCreateBody, messageEditBody } from '../bodies/message-bodies.js';
import { parseInput } from '../bodies/parse-input.js';
import { messagesQuery } from '../bodies/query-schemas.js';
import { accessChannel } from '../channel-access.js';
import { createInput, editInput } from '../message-input.js';
import { botRoute, NO_CONTENT, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

const P = PermissionFlagsBits;
const READ = P.ViewChannel | P.ReadMessageHistory;

/** Messages of a channel: list, get, create, edit, delete, bulk delete, and typing. */
export function messageRoutes({ world }: RouteDeps): RouteDefinition[] {
  return [
    botRoute('GET /channels/:channel_id/messages', ({ bot, params, query }) => {
      const channelId = params.channel_id as string;
      accessChannel(world, bot.user.id, channelId, READ);
      const { before, after, around, limit } = parseInput(messagesQuery, query);
      // Discord honours one bound, in this order of precedence.
      const page: MessagePage =
        around !== undefined
          ? { around, limit }
          : before !== undefined
            ? { before, limit }
            : after !== undefined
              ? { after, limit }
              : { limit };
      return ok(world.messages(channelId, page));
    }),
    botRoute('GET /channels/:channel_id/messages/:message_id', ({ bot, params }) => {
      const channelId = params.channel_id as string;
      accessChannel(world, bot.user.id, channelId, READ);
      const message = world.message(channelId, params.message_id as string);
      if (!message) throw discordErrors.unknownMessage();
      return ok(message);
    }),
    botRoute(
      'POST /channels/:channel_id/messages',
      ({ bot, params, body, files }) => {
        const channelId = params.channel_id as string;
        accessChannel(
          world,
          bot.user.id,
          channelId,
          files.length > 0 ? P.SendMessages | P.AttachFiles : P.SendMessages,
        );
        const input = createInput(parseInput(messageCreateBody, body ?? {}), files);
        return ok(world.createMessage(channelId, bot.user.id, input));
      },
      { multipart: true },
    ),
    botRoute(
      'PATCH /channels/:channel_id/messages/:message_id',
      ({ bot, params, body, files }) => {
        const input = editInput(parseInput(messageEditBody, body ?? {}), files);
        return ok(world.editMessage(params.channel_id as string, params.message_id as string, bot.user.id, input));
      },
      { multipart: true },
    ),
    botRoute('DELETE /channels/:channel_id/messages/:message_id', ({ bot, params }) => {
      world.deleteMessage(params.channel_id as string, params.message_id as string, bot.user.id);
      return NO_CONTENT;
    }),
    botRoute('POST /channels/:channel_id/messages/bulk-delete', ({ bot, params, body }) => {
      world.bulkDeleteMessages(params.channel_id as string, parseInput(bulkDeleteBody, body).messages, bot.user.id);
      return NO_CONTENT;
    }),
    botRoute('POST /channels/:channel_id/typing', ({ bot, params }) => {
      world.typing(params.channel_id as string, bot.user.id);
      return NO_CONTENT;
    }),
  ];
}
