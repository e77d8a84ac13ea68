import {
  type APIApplicationCommand,
  type APIInteraction,
  type APIMessage,
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
} from 'discord-api-types/v10';
import { RESPONSE_WINDOW_MS } from '../world/interactions.js';
import { Draws, kindOf } from '../world/random.js';
import { commandOptions, type GivenOptions } from './command-options.js';
import { guildInteractionFields, type InteractionInput } from './guild-interaction-fields.js';
import { canView, WorldTargets } from './interaction-targets.js';
import { componentUse, usableComponents } from './message-components.js';
import { type ModalDefinition, type ModalValues, modalSubmission } from './modal-answers.js';
import type { TrafficContext } from './traffic-context.js';
import type { TrafficRates } from './traffic-rates.js';
import { VirtualUserError } from './virtual-user-error.js';

const USERS = kindOf('traffic-virtual-users');

/** The application commands usable in a guild (global and the guild's own) of one application. */
export type CommandSource = (applicationId: string, guildId: string) => readonly APIApplicationCommand[];

/** How quickly virtual users respond to what bots show them, in ms, drawn uniformly in [min, max]. */
export interface VirtualUserTiming {
  pressDelayMs: readonly [number, number];
  modalDelayMs: readonly [number, number];
}

export const DEFAULT_VIRTUAL_USER_TIMING: VirtualUserTiming = {
  pressDelayMs: [400, 4000],
  modalDelayMs: [2000, 12_000],
};

/** When to look whether the bot answered with a modal: soon, and once more after its 3 s window closed. */
const MODAL_CHECKS_MS = [250, 1000, RESPONSE_WINDOW_MS + 100];

/** A member running one of the bots' commands; without `name` a random command of a random application. */
export interface CommandRequest extends GivenOptions {
  userId: string;
  channelId: string;
  applicationId?: string;
  name?: string;
}

/** A member using a component of a message; without `customId` a random usable one. */
export interface ComponentRequest {
  userId: string;
  channelId: string;
  messageId: string;
  customId?: string;
  values?: string[];
}

/** Submitting the modal a bot opened in answer to an interaction; by its user unless told otherwise. */
export interface ModalRequest {
  interactionId: string;
  userId?: string;
  values?: ModalValues;
}

/**
 * Virtual users in front of the bots: they run the bots' slash, user and message commands, press the
 * buttons and pick from the selects of the bots' messages, and fill in and submit the modals the bots
 * open. Each action can be asked for explicitly (the control API) or happens on its own while traffic
 * runs; explicit ones throw {@link VirtualUserError} saying what did not fit.
 */
export class VirtualUsers {
  private readonly draws: Draws;
  private readonly botUserIds: Set<string>;

  constructor(
    private readonly ctx: TrafficContext,
    seed: number,
    private readonly commands: CommandSource,
    private readonly timing: VirtualUserTiming,
    private readonly rates: () => TrafficRates,
  ) {
    this.draws = new Draws(seed, USERS);
    this.botUserIds = new Set(ctx.world.bots.map((b) => b.user.id));
  }

  runCommand(request: CommandRequest): APIInteraction {
    const { world } = this.ctx;
    const guildId = this.guildOf(request.channelId);
    const available = this.available(guildId).filter(
      (c) =>
        (request.applicationId === undefined || c.application_id === request.applicationId) &&
        (request.name === undefined || c.name === request.name),
    );
    if (available.length === 0) {
      const names = this.available(guildId).map((c) => `${c.application_id}:${c.name}`);
      throw new VirtualUserError(
        `no command ${request.name ? `"${request.name}" ` : ''}is registered for guild ${guildId}` +
          (names.length
            ? `; registered: ${names.join(', ')}`
            : '; bots register them with PUT /applications/{id}/commands'),
      );
    }
    const command = this.draws.pick(available);
    const actor = {
      applicationId: command.application_id,
      guildId,
      channelId: request.channelId,
      userId: request.userId,
    };
    const fields = guildInteractionFields(world, actor);
    this.requireView(request.channelId, request.userId);
    const targets = new WorldTargets(world, this.ctx.roster(guildId), request.channelId, request.userId, this.draws);
    const data: Record<string, unknown> = { id: command.id, name: command.name, type: command.type };
    if (command.guild_id) data.guild_id = command.guild_id;
    if (command.type === ApplicationCommandType.ChatInput) {
      const options = commandOptions(command.name, command.options, targets, request);
      if (options.length > 0) data.options = options;
    } else if (command.type === ApplicationCommandType.User) {
      const target = targets.member();
      if (target === undefined)
        throw new VirtualUserError(`guild ${guildId} has no member to run "${command.name}" on`);
      data.target_id = target;
    } else if (command.type === ApplicationCommandType.Message) {
      const [target] = world.messages(request.channelId, { limit: 1 });
      if (!target)
        throw new VirtualUserError(`channel ${request.channelId} has no message to run "${command.name}" on`);
      data.target_id = target.id;
      Object.assign(targets.resolved, { messages: { [target.id]: target } });
    } else throw new VirtualUserError(`commands of type ${command.type} are not run by virtual users`);
    if (Object.keys(targets.resolved).length > 0) data.resolved = targets.resolved;
    return world.createInteraction({
      ...fields,
      type: InteractionType.ApplicationCommand,
      data,
    } as unknown as InteractionInput);
  }

  useComponent(request: ComponentRequest): APIInteraction {
    const { world } = this.ctx;
    const guildId = this.guildOf(request.channelId);
    const message = world.message(request.channelId, request.messageId);
    if (!message) throw new VirtualUserError(`channel ${request.channelId} has no message ${request.messageId}`);
    const applicationId = message.application_id ?? this.applicationOf(message.author.id);
    if (applicationId === undefined)
      throw new VirtualUserError(`message ${message.id} was not sent by a bot of the simulator`);
    const fields = guildInteractionFields(world, { ...request, applicationId, guildId });
    this.requireView(request.channelId, request.userId);
    const targets = new WorldTargets(world, this.ctx.roster(guildId), request.channelId, request.userId, this.draws);
    const use = componentUse(message.components, targets, request.customId, request.values);
    const data = Object.keys(targets.resolved).length > 0 ? { ...use, resolved: targets.resolved } : use;
    return world.createInteraction({
      ...fields,
      type: InteractionType.MessageComponent,
      message,
      data,
    } as unknown as InteractionInput);
  }

  submitModal(request: ModalRequest): APIInteraction {
    const { world } = this.ctx;
    const record = world.interaction(request.interactionId);
    if (!record) throw new VirtualUserError(`interaction ${request.interactionId} is unknown or expired`);
    if (record.response?.type !== InteractionResponseType.Modal)
      throw new VirtualUserError(`the bot did not answer interaction ${request.interactionId} with a modal`);
    const opened = record.interaction;
    const userId = request.userId ?? opened.member?.user.id ?? opened.user?.id;
    const channelId = opened.channel?.id ?? opened.channel_id;
    if (!userId || !channelId || !opened.guild_id)
      throw new VirtualUserError(`interaction ${request.interactionId} did not happen in a guild channel`);
    const actor = { applicationId: opened.application_id, guildId: opened.guild_id, channelId, userId };
    const fields = guildInteractionFields(world, actor);
    const targets = new WorldTargets(world, this.ctx.roster(opened.guild_id), channelId, userId, this.draws);
    const submission = modalSubmission(record.response.data as ModalDefinition, targets, request.values);
    const data = Object.keys(targets.resolved).length > 0 ? { ...submission, resolved: targets.resolved } : submission;
    const message = opened.type === InteractionType.MessageComponent ? { message: opened.message } : {};
    return world.createInteraction({
      ...fields,
      ...message,
      type: InteractionType.ModalSubmit,
      data,
    } as unknown as InteractionInput);
  }

  /** A member runs a random command of a random bot in a channel they see (the interactions rate). */
  runRandomCommand(): void {
    const { ctx, draws } = this;
    const guildId = ctx.pickGuild(draws.float());
    const userId = guildId === undefined ? undefined : ctx.roster(guildId).pickActive(draws.float());
    if (guildId === undefined || userId === undefined) {
      ctx.skip('command', 'no member');
      return;
    }
    if (this.available(guildId).length === 0) {
      ctx.skip('command', 'no command registered');
      return;
    }
    const channelId = ctx.channels(guildId).pickVisible(userId, () => draws.float());
    if (channelId === undefined) {
      ctx.skip('command', 'no channel the member sees');
      return;
    }
    this.automatically('command', () => this.runCommand({ userId, channelId }));
  }

  /** Notices a message a bot posted: if it has components, a member uses one after a while. */
  noticeMessage(message: APIMessage & { guild_id?: string }): void {
    if (!this.botUserIds.has(message.author.id) || !message.guild_id) return;
    if (usableComponents(message.components).length === 0) return;
    if (!this.draws.chance(this.rates().componentPressShare)) return;
    const guildId = message.guild_id;
    this.ctx.scheduler.after(this.delay(this.timing.pressDelayMs), () => {
      const invoker = message.interaction_metadata?.user.id;
      // Whoever ran the command is the one who answers its buttons; otherwise an active member.
      const userId =
        invoker && this.ctx.world.member(guildId, invoker)
          ? invoker
          : this.ctx.roster(guildId).pickActive(this.draws.float());
      if (userId === undefined) {
        this.ctx.skip('component', 'no member');
        return;
      }
      this.automatically('component', () =>
        this.useComponent({ userId, channelId: message.channel_id, messageId: message.id }),
      );
    });
  }

  /** Runs an automatic action: counted when it happened, and followed by a modal submit if the bot opens one. */
  private automatically(kind: 'command' | 'component', run: () => APIInteraction): void {
    let created: APIInteraction | undefined;
    if (!this.ctx.attempt(kind, () => (created = run())) || !created) return;
    if (kind === 'command') this.ctx.stats.commands++;
    else this.ctx.stats.componentUses++;
    this.watchForModal(created.id);
  }

  private watchForModal(interactionId: string): void {
    let settled = false;
    for (const at of MODAL_CHECKS_MS) {
      this.ctx.scheduler.after(at, () => {
        if (settled) return;
        const response = this.ctx.world.interaction(interactionId)?.response;
        if (!response) return;
        settled = true;
        if (response.type !== InteractionResponseType.Modal) return;
        if (!this.draws.chance(this.rates().modalSubmitShare)) return;
        this.ctx.scheduler.after(this.delay(this.timing.modalDelayMs), () => {
          if (this.ctx.attempt('modal', () => this.submitModal({ interactionId }))) this.ctx.stats.modalSubmits++;
        });
      });
    }
  }

  private available(guildId: string): APIApplicationCommand[] {
    return this.ctx.world.bots.flatMap((bot) => [...this.commands(bot.application.id, guildId)]);
  }

  private guildOf(channelId: string): string {
    const guildId = (this.ctx.world.channel(channelId) as { guild_id?: string } | undefined)?.guild_id;
    if (!guildId) throw new VirtualUserError(`channel ${channelId} is not a channel of a guild`);
    return guildId;
  }

  private applicationOf(userId: string): string | undefined {
    return this.ctx.world.bots.find((b) => b.user.id === userId)?.application.id;
  }

  private requireView(channelId: string, userId: string): void {
    if (!canView(this.ctx.world, channelId, userId))
      throw new VirtualUserError(`user ${userId} cannot see channel ${channelId}`);
  }

  private delay([min, max]: readonly [number, number]): number {
    return min + this.draws.float() * (max - min);
  }
}
