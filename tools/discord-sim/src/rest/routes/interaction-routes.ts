import type { APIMessage } from 'discord-api-types/v10';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { MessageInput } from '../../world/world.js';
import { interactionCallbackBody } from '../bodies/interaction-callback-body.js';
import { messageCreateBody, messageEditBody } from '../bodies/message-bodies.js';
import { parseInput } from '../bodies/parse-input.js';
import { callbackQuery } from '../bodies/query-schemas.js';
import type { InteractionIndex } from '../interaction-index.js';
import { createInput, editInput } from '../message-input.js';
import { NO_CONTENT, ok, pathTokenRoute, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

const ORIGINAL = '/webhooks/:webhook_id/:webhook_token/messages/@original';
const BY_ID = '/webhooks/:webhook_id/:webhook_token/messages/:message_id';

/**
 * The interaction callback and the interaction's webhook: follow-ups and the original response. All
 * are authorised by the interaction token in the path.
 */
export function interactionRoutes({ world }: RouteDeps, interactions: InteractionIndex): RouteDefinition[] {
  return [
    pathTokenRoute(
      'POST /interactions/:interaction_id/:interaction_token/callback',
      ({ params, query, body, files }) => {
        const interactionId = params.interaction_id as string;
        const callback = parseInput(interactionCallbackBody, body);
        const { with_response } = parseInput(callbackQuery, query);
        const data = callback.data && files.length > 0 ? withFiles(callback.data, files) : callback.data;
        const message = world.respondToInteraction(interactionId, params.interaction_token as string, {
          ...callback,
          ...(data === undefined ? {} : { data }),
        });
        if (!with_response) return NO_CONTENT;
        return ok(callbackResponse(interactions, interactionId, callback.type, message));
      },
      { multipart: true },
    ),
    pathTokenRoute(
      'POST /webhooks/:webhook_id/:webhook_token',
      ({ params, body, files }) => {
        const input = createInput(parseInput(messageCreateBody, body ?? {}), files);
        // Follow-ups always answer with the message: `wait` is implied for interaction tokens.
        return ok(world.createFollowUp(params.webhook_id as string, params.webhook_token as string, input));
      },
      { multipart: true },
    ),
    pathTokenRoute(`GET ${ORIGINAL}`, ({ params }) =>
      ok(world.originalResponse(params.webhook_id as string, params.webhook_token as string)),
    ),
    pathTokenRoute(
      `PATCH ${ORIGINAL}`,
      ({ params, body, files }) => {
        const input = editInput(parseInput(messageEditBody, body ?? {}), files);
        return ok(world.editOriginalResponse(params.webhook_id as string, params.webhook_token as string, input));
      },
      { multipart: true },
    ),
    pathTokenRoute(`DELETE ${ORIGINAL}`, ({ params }) => {
      world.deleteOriginalResponse(params.webhook_id as string, params.webhook_token as string);
      return NO_CONTENT;
    }),
    pathTokenRoute(`GET ${BY_ID}`, ({ params }) =>
      ok(world.followUp(params.webhook_id as string, params.webhook_token as string, params.message_id as string)),
    ),
    pathTokenRoute(
      `PATCH ${BY_ID}`,
      ({ params, body, files }) => {
        const input = editInput(parseInput(messageEditBody, body ?? {}), files);
        const { webhook_id, webhook_token, message_id } = params;
        return ok(world.editFollowUp(webhook_id as string, webhook_token as string, message_id as string, input));
      },
      { multipart: true },
    ),
    pathTokenRoute(`DELETE ${BY_ID}`, ({ params }) => {
      world.deleteFollowUp(params.webhook_id as string, params.webhook_token as string, params.message_id as string);
      return NO_CONTENT;
    }),
  ];
}

/** The callback's `data` with the uploaded files, in the world's message input form. */
function withFiles(data: Record<string, unknown>, files: Parameters<typeof createInput>[1]): Record<string, unknown> {
  const input: MessageInput = createInput(parseInput(messageCreateBody, data), files);
  return { ...data, files: input.files };
}

/** `?with_response=true`: the interaction and, for responses that create or update one, the message. */
function callbackResponse(
  interactions: InteractionIndex,
  interactionId: string,
  type: InteractionResponseType,
  message: APIMessage | undefined,
) {
  const interaction = interactions.get(interactionId);
  const loading = type === InteractionResponseType.DeferredChannelMessageWithSource;
  return {
    interaction: {
      id: interactionId,
      type: interaction?.type ?? 2,
      activity_instance_id: null,
      ...(interaction?.channel?.id ? { channel_id: interaction.channel.id } : {}),
      ...(interaction?.guild_id ? { guild_id: interaction.guild_id } : {}),
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: loading,
            response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    ...(message && !loading ? { resource: { type, message } } : {}),
  };
}
