import type { REST } from '@discordjs/rest';
import {
  type APIApplicationCommandOptionChoice,
  type APIInteractionResponseCallbackData,
  type APIModalInteractionResponseCallbackData,
  InteractionResponseType,
  MessageFlags,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIWebhookWithTokenJSONBody,
  Routes,
} from 'discord-api-types/v10';

/** What a reply needs to know of the interaction it answers. */
export interface InteractionRef {
  id: string;
  token: string;
  application_id: string;
}

// Interaction and webhook-token routes authenticate by the token in the path; sending the bot token too
// would let a 401 there make @discordjs/rest drop the bot token for every later call.
const TOKEN_IN_PATH = { auth: false } as const;

function callback(rest: REST, interaction: InteractionRef, body: unknown): Promise<unknown> {
  return rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, ...TOKEN_IN_PATH });
}

/** Acknowledges within Discord's 3 seconds; the reply comes later with {@link editReply}. */
export function deferReply(rest: REST, interaction: InteractionRef, { ephemeral = false } = {}): Promise<unknown> {
  return callback(rest, interaction, {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: ephemeral ? { flags: MessageFlags.Ephemeral } : {},
  });
}

/** Acknowledges a component press without a new message; the message is edited later. */
export function deferUpdate(rest: REST, interaction: InteractionRef): Promise<unknown> {
  return callback(rest, interaction, { type: InteractionResponseType.DeferredMessageUpdate });
}

/** Answers at once with a message. */
export function reply(
  rest: REST,
  interaction: InteractionRef,
  data: APIInteractionResponseCallbackData,
): Promise<unknown> {
  return callback(rest, interaction, { type: InteractionResponseType.ChannelMessageWithSource, data });
}

/** Answers a component press by editing the message it is on. */
export function updateMessage(
  rest: REST,
  interaction: InteractionRef,
  data: APIInteractionResponseCallbackData,
): Promise<unknown> {
  return callback(rest, interaction, { type: InteractionResponseType.UpdateMessage, data });
}

/** Answers with a modal form. */
export function showModal(
  rest: REST,
  interaction: InteractionRef,
  data: APIModalInteractionResponseCallbackData,
): Promise<unknown> {
  return callback(rest, interaction, { type: InteractionResponseType.Modal, data });
}

/** Answers an autocomplete request; Discord shows at most 25 choices. */
export function autocomplete(
  rest: REST,
  interaction: InteractionRef,
  choices: APIApplicationCommandOptionChoice[],
): Promise<unknown> {
  return callback(rest, interaction, {
    type: InteractionResponseType.ApplicationCommandAutocompleteResult,
    data: { choices: choices.slice(0, 25) },
  });
}

/** Replaces the deferred or original reply. */
export function editReply(
  rest: REST,
  interaction: InteractionRef,
  data: RESTPatchAPIWebhookWithTokenMessageJSONBody,
): Promise<unknown> {
  return rest.patch(Routes.webhookMessage(interaction.application_id, interaction.token, '@original'), {
    body: data,
    ...TOKEN_IN_PATH,
  });
}

/** Sends another message after the first reply, e.g. progress or a result file. */
export function followUp(
  rest: REST,
  interaction: InteractionRef,
  data: RESTPostAPIWebhookWithTokenJSONBody,
): Promise<unknown> {
  return rest.post(Routes.webhook(interaction.application_id, interaction.token), { body: data, ...TOKEN_IN_PATH });
}

/**
 * Tells only the user who acted what was wrong with their input. Works before and after a deferral:
 * a deferred interaction gets a follow-up, since an ephemeral flag cannot be added to a public deferral.
 */
export function replyError(
  rest: REST,
  interaction: InteractionRef,
  message: string,
  { deferred = false } = {},
): Promise<unknown> {
  const data = { content: message, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } };
  return deferred ? followUp(rest, interaction, data) : reply(rest, interaction, data);
}
