import {
  type APIInteraction,
  type APIMessage,
  type APIMessageInteractionMetadata,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import { discordErrors, fieldError } from './errors.js';
import { type InteractionRecord, type MessageInput, SimDiscordError } from './world.js';

/** Discord's window for the first response to an interaction. */
export const RESPONSE_WINDOW_MS = 3_000;
/** How long an interaction token works for the webhook routes (original response, follow-ups). */
export const TOKEN_LIFETIME_MS = 15 * 60_000;

const RESPONSE_TYPES = [1, 4, 5, 6, 7, 8, 9, 10, 12];

/** Which callback types each interaction type accepts. */
const ALLOWED: Record<InteractionType, readonly number[]> = {
  [InteractionType.Ping]: [InteractionResponseType.Pong],
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
    InteractionResponseType.LaunchActivity,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

/** What the interaction desk needs from the world. */
export interface InteractionHost {
  now(): number;
  /**
   * Posts a message as the application's bot, as a webhook would (no channel permission checks).
   * An ephemeral one is built but neither stored nor dispatched; a deferred (loading) one may be empty.
   */
  post(
    channelId: string,
    authorId: string,
    input: MessageInput,
    extra: Partial<APIMessage>,
    options: { ephemeral: boolean; allowEmpty: boolean },
  ): APIMessage;
  edit(channelId: string, messageId: string, input: MessageInput, extra: Partial<APIMessage>): APIMessage;
  remove(channelId: string, messageId: string): void;
  current(channelId: string, messageId: string): APIMessage | undefined;
  botUserId(applicationId: string): string | undefined;
}

interface InteractionState {
  interaction: APIInteraction;
  createdAt: number;
  response: number | null;
  /** The callback's `data`: a modal's components, which a virtual user fills in. */
  responseData: unknown;
  /** The message the original response created (or, for component updates, the component's message). */
  original: APIMessage | null;
  /** Ephemeral messages live only here: they are neither in the channel nor dispatched. */
  ephemeral: boolean;
  /** Follow-ups by id, as created; ephemeral ones are kept here only. */
  followUps: Map<string, { message: APIMessage; ephemeral: boolean }>;
}

/**
 * Interactions and their responses, with Discord's rules: one response within 3 seconds, then
 * the token works for 15 minutes on the webhook routes; a deferred response is completed by
 * editing the original or by the first follow-up.
 */
export class InteractionDesk {
  private readonly byId = new Map<string, InteractionState>();
  private readonly byToken = new Map<string, InteractionState>();

  constructor(private readonly host: InteractionHost) {}

  register(interaction: APIInteraction): void {
    const state: InteractionState = {
      interaction,
      createdAt: this.host.now(),
      response: null,
      responseData: null,
      original: null,
      ephemeral: false,
      followUps: new Map(),
    };
    this.byId.set(interaction.id, state);
    this.byToken.set(interaction.token, state);
    this.forgetExpired();
  }

  respond(interactionId: string, token: string, body: unknown): APIMessage | undefined {
    const state = this.byId.get(interactionId);
    if (!state || state.interaction.token !== token) throw discordErrors.unknownInteraction();
    if (state.response !== null) throw discordErrors.alreadyAcknowledged();
    if (this.host.now() - state.createdAt > RESPONSE_WINDOW_MS) throw discordErrors.unknownInteraction();
    const { type, data } = (body ?? {}) as { type?: unknown; data?: Record<string, unknown> };
    if (typeof type !== 'number' || !RESPONSE_TYPES.includes(type))
      throw discordErrors.invalidForm(
        ['type'],
        'BASE_TYPE_CHOICES',
        `Value must be one of {${RESPONSE_TYPES.join(', ')}}.`,
      );
    if (!ALLOWED[state.interaction.type].includes(type))
      throw new SimDiscordError(
        400,
        50035,
        'Invalid Form Body',
        fieldError(
          ['type'],
          'INTERACTION_RESPONSE_TYPE_INVALID',
          'Interaction response type is not valid for this interaction type.',
        ),
      );
    const input = (data ?? {}) as MessageInput;
    let result: APIMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        result = this.postOriginal(state, input, false);
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        result = this.postOriginal(state, { ...input, content: '' }, true);
        break;
      case InteractionResponseType.DeferredMessageUpdate:
        state.original = state.interaction.message ?? null;
        break;
      case InteractionResponseType.UpdateMessage: {
        const target = state.interaction.message;
        if (!target) throw discordErrors.unknownMessage();
        result = this.host.edit(target.channel_id, target.id, input, {});
        state.original = result;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const choices = (data as { choices?: unknown } | undefined)?.choices;
        if (!Array.isArray(choices) || choices.length > 25)
          throw discordErrors.invalidForm(
            ['data', 'choices'],
            'BASE_TYPE_MAX_LENGTH',
            'Must be 25 or fewer in length.',
          );
        break;
      }
      case InteractionResponseType.Modal:
        for (const field of ['custom_id', 'title'] as const)
          if (typeof data?.[field] !== 'string' || data[field] === '')
            throw discordErrors.invalidForm(['data', field], 'BASE_TYPE_REQUIRED', 'This field is required');
        break;
    }
    state.response = type;
    state.responseData = data ?? null;
    return result;
  }

  record(interactionId: string): InteractionRecord | undefined {
    const state = this.byId.get(interactionId);
    if (!state) return undefined;
    const response = state.response === null ? null : { type: state.response, data: state.responseData };
    return { interaction: state.interaction, createdAt: state.createdAt, response };
  }

  original(applicationId: string, token: string): APIMessage {
    const state = this.live(applicationId, token);
    const message = this.currentOriginal(state);
    if (!message) throw discordErrors.unknownMessage();
    return message;
  }

  editOriginal(applicationId: string, token: string, input: MessageInput): APIMessage {
    const state = this.live(applicationId, token);
    const message = this.currentOriginal(state);
    if (!message) throw discordErrors.unknownMessage();
    return this.editOwned(state, message, input);
  }

  deleteOriginal(applicationId: string, token: string): void {
    const state = this.live(applicationId, token);
    const message = this.currentOriginal(state);
    if (!message) throw discordErrors.unknownMessage();
    if (!state.ephemeral) this.host.remove(message.channel_id, message.id);
    state.original = null;
  }

  followUp(applicationId: string, token: string, input: MessageInput): APIMessage {
    const state = this.live(applicationId, token);
    if (state.response === null) throw discordErrors.unknownWebhook();
    const original = this.currentOriginal(state);
    // Discord completes a deferred response with the first follow-up.
    if (original && (Number(original.flags ?? 0) & MessageFlags.Loading) !== 0)
      return this.editOwned(state, original, input);
    const created = this.create(state, input, false);
    state.followUps.set(created.message.id, created);
    return created.message;
  }

  /** A message of the interaction by id: the original response or a follow-up. */
  message(applicationId: string, token: string, messageId: string): APIMessage {
    const state = this.live(applicationId, token);
    const found = this.owned(state, messageId);
    if (!found) throw discordErrors.unknownMessage();
    return found.message;
  }

  editMessage(applicationId: string, token: string, messageId: string, input: MessageInput): APIMessage {
    const state = this.live(applicationId, token);
    const found = this.owned(state, messageId);
    if (!found) throw discordErrors.unknownMessage();
    if (found.original) return this.editOwned(state, found.message, input);
    const followUp = state.followUps.get(messageId);
    if (followUp?.ephemeral) {
      const edited: APIMessage = {
        ...followUp.message,
        ...(input.content !== undefined ? { content: input.content } : {}),
      };
      followUp.message = edited;
      return edited;
    }
    return this.host.edit(found.message.channel_id, messageId, input, {});
  }

  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const state = this.live(applicationId, token);
    const found = this.owned(state, messageId);
    if (!found) throw discordErrors.unknownMessage();
    if (found.original) {
      this.deleteOriginal(applicationId, token);
      return;
    }
    if (!state.followUps.get(messageId)?.ephemeral) this.host.remove(found.message.channel_id, messageId);
    state.followUps.delete(messageId);
  }

  /** The original response or a follow-up of this interaction, as it is now. */
  private owned(state: InteractionState, messageId: string): { message: APIMessage; original: boolean } | undefined {
    const original = this.currentOriginal(state);
    if (original?.id === messageId) return { message: original, original: true };
    const followUp = state.followUps.get(messageId);
    if (!followUp) return undefined;
    const message = followUp.ephemeral ? followUp.message : this.host.current(followUp.message.channel_id, messageId);
    return message ? { message, original: false } : undefined;
  }

  private postOriginal(state: InteractionState, input: MessageInput, loading: boolean): APIMessage {
    const { message, ephemeral } = this.create(state, input, loading);
    state.original = message;
    state.ephemeral = ephemeral;
    return message;
  }

  private create(
    state: InteractionState,
    input: MessageInput,
    loading: boolean,
  ): { message: APIMessage; ephemeral: boolean } {
    const i = state.interaction;
    const channelId = i.channel?.id ?? i.channel_id;
    const authorId = this.host.botUserId(i.application_id);
    if (!channelId || !authorId) throw discordErrors.unknownChannel();
    const ephemeral = ((input.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    const flags = (input.flags ?? 0) | (loading ? MessageFlags.Loading : 0);
    const extra: Partial<APIMessage> = {
      type: this.messageType(i),
      webhook_id: i.application_id,
      application_id: i.application_id,
      interaction_metadata: this.metadata(i),
    };
    const user = i.member?.user ?? i.user;
    if (i.type === InteractionType.ApplicationCommand && user)
      extra.interaction = { id: i.id, type: i.type, name: i.data.name, user };
    const message = this.host.post(channelId, authorId, { ...input, flags }, extra, { ephemeral, allowEmpty: loading });
    return { message, ephemeral };
  }

  private editOwned(state: InteractionState, message: APIMessage, input: MessageInput): APIMessage {
    const wasLoading = (Number(message.flags ?? 0) & MessageFlags.Loading) !== 0;
    const flags = (Number(message.flags ?? 0) & ~MessageFlags.Loading) as MessageFlags;
    if (state.ephemeral) {
      const edited: APIMessage = {
        ...message,
        ...(input.content !== undefined ? { content: input.content } : {}),
        flags,
      };
      state.original = edited;
      return edited;
    }
    const edited = this.host.edit(message.channel_id, message.id, input, {
      flags,
      ...(wasLoading ? { edited_timestamp: null } : {}),
    });
    if (state.original?.id === message.id) state.original = edited;
    return edited;
  }

  private currentOriginal(state: InteractionState): APIMessage | undefined {
    const original = state.original;
    if (!original) return undefined;
    if (state.ephemeral) return original;
    return this.host.current(original.channel_id, original.id);
  }

  private live(applicationId: string, token: string): InteractionState {
    const state = this.byToken.get(token);
    if (!state || state.interaction.application_id !== applicationId) throw discordErrors.unknownWebhook();
    if (this.host.now() - state.createdAt > TOKEN_LIFETIME_MS) throw discordErrors.invalidWebhookToken();
    return state;
  }

  private messageType(i: APIInteraction): MessageType {
    if (i.type !== InteractionType.ApplicationCommand) return MessageType.Default;
    return i.data.type === ApplicationCommandType.ChatInput
      ? MessageType.ChatInputCommand
      : MessageType.ContextMenuCommand;
  }

  private metadata(i: APIInteraction): APIMessageInteractionMetadata {
    const user = i.member?.user ?? i.user;
    const owners = i.guild_id
      ? { [ApplicationIntegrationType.GuildInstall]: i.guild_id }
      : { [ApplicationIntegrationType.UserInstall]: user?.id ?? '0' };
    const base = {
      id: i.id,
      user: user ?? { id: '0', username: 'unknown', discriminator: '0', global_name: null, avatar: null },
      authorizing_integration_owners: owners,
    };
    if (i.type === InteractionType.MessageComponent)
      return { ...base, type: InteractionType.MessageComponent, interacted_message_id: i.message.id };
    if (i.type === InteractionType.ModalSubmit)
      // The interaction that opened the modal is not known here; a command is by far the usual one.
      return {
        ...base,
        type: InteractionType.ModalSubmit,
        triggering_interaction_metadata: { ...base, type: InteractionType.ApplicationCommand },
      };
    return { ...base, type: InteractionType.ApplicationCommand };
  }

  /** Interactions whose token expired can never be answered again; dropping them bounds memory under live traffic. */
  private forgetExpired(): void {
    if (this.byId.size < 10_000) return;
    const cutoff = this.host.now() - TOKEN_LIFETIME_MS;
    for (const [id, state] of this.byId) {
      if (state.createdAt >= cutoff) break;
      this.byId.delete(id);
      this.byToken.delete(state.interaction.token);
    }
  }
}
