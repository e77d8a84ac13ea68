import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DiscordRest,
  deferReply,
  editReply,
  editReplyWithFiles,
  type InteractionRef,
  reply,
  replyError,
  snowflakeTime,
} from '@platform/discord';
import {
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  ApplicationCommandType,
  InteractionType,
  MessageFlags,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { InvalidOptionError } from '../window/invalid-option-error.js';
import type { Answer, CommandHandler, PreparedCommand } from './command-handler.js';
import type { CommandMetrics, CommandOutcome } from './command-metrics.js';
import { CommandOptions } from './command-options.js';

/** Discord drops an interaction not answered within this long of its creation. */
export const RESPONSE_WINDOW_MS = 3_000;

export interface InteractionHandlerOptions {
  rest: DiscordRest;
  handlers: Readonly<Record<string, CommandHandler>>;
  logger: Logger;
  metrics: CommandMetrics;
  /**
   * An answer not ready this long after the interaction was created is deferred, so the deferral still
   * lands inside Discord's 3 seconds with room for the network.
   */
  replyBudgetMs: number;
  now?: () => number;
}

const FAILED = 'Something went wrong while answering; please try again in a moment.';
const NO_MENTIONS = { parse: [] };

/**
 * Answers the stats commands that arrive on the bus. Options are checked first: a bad one gets an
 * ephemeral error at once and nothing runs. Then the work races the reply budget: a quick answer is
 * the reply itself; a slow one, or one that uploads an image, is deferred and then edited in.
 *
 * It never throws: an interaction cannot be answered twice nor after 15 minutes, so a retry by the bus
 * could only fail; every failure is logged with the interaction's id and counted instead.
 */
export function createInteractionHandler(options: InteractionHandlerOptions) {
  const { rest, handlers, logger, metrics, replyBudgetMs } = options;
  const now = options.now ?? Date.now;

  return async function handleInteraction(interaction: APIInteraction): Promise<void> {
    if (interaction.type !== InteractionType.ApplicationCommand) return;
    if (interaction.data.type !== ApplicationCommandType.ChatInput) return;
    const chatInput = interaction as APIChatInputApplicationCommandInteraction;
    const command = interaction.data.name;
    const handler = handlers[command];
    const log = logger.child({ interaction: interaction.id, command, guild: interaction.guild_id });
    const created = snowflakeTime(interaction.id);
    const stop = metrics.duration.startTimer({ command });
    const finish = (outcome: CommandOutcome) => {
      metrics.outcomes.inc({ command, outcome });
      if (outcome !== 'expired') stop();
    };
    if (now() - created >= RESPONSE_WINDOW_MS) {
      log.warn({ ageMs: now() - created }, 'interaction received too late to answer; dropped');
      finish('expired');
      return;
    }
    try {
      const prepared = prepare(handler, chatInput, now());
      if (typeof prepared === 'string') {
        await replyError(rest, interaction, prepared);
        finish('invalid');
        return;
      }
      finish(await answer(prepared, interaction, created, command));
    } catch (error) {
      // The reply itself failed (Discord or the proxy refused it): nothing more can reach the user.
      log.error({ err: error }, 'could not answer the interaction');
      finish('failed');
    }
  };

  /** The prepared command, or the message of its invalid options. */
  function prepare(
    handler: CommandHandler | undefined,
    interaction: APIChatInputApplicationCommandInteraction,
    at: number,
  ): PreparedCommand | string {
    if (!handler) return `This service has no command /${interaction.data.name}.`;
    if (!interaction.guild_id || !interaction.member) return 'Statistics commands work in a server only.';
    try {
      return handler({
        guildId: interaction.guild_id,
        userId: interaction.member.user.id,
        permissions: BigInt(interaction.member.permissions),
        options: new CommandOptions(interaction.data.options),
        now: at,
      });
    } catch (error) {
      if (error instanceof InvalidOptionError) return error.message;
      throw error;
    }
  }

  async function answer(
    prepared: PreparedCommand,
    interaction: InteractionRef,
    created: number,
    command: string,
  ): Promise<CommandOutcome> {
    const work = settle(prepared.run());
    if (prepared.defer === 'if-slow') {
      const early = await Promise.race([work, sleep(Math.max(0, created + replyBudgetMs - now()), null)]);
      if (early && !early.answer?.files?.length) {
        if (early.answer) await reply(rest, interaction, replyData(early.answer, prepared.ephemeral));
        else await replyError(rest, interaction, failureText(early.error, interaction, command));
        return outcomeOf(early);
      }
    }
    metrics.deferrals.inc({ command });
    await deferReply(rest, interaction, { ephemeral: prepared.ephemeral });
    const done = await work;
    const data = done.answer ?? { content: failureText(done.error, interaction, command) };
    if (data.files?.length) await editReplyWithFiles(rest, interaction, editData(data), data.files);
    else await editReply(rest, interaction, editData(data));
    return outcomeOf(done);
  }

  function failureText(error: unknown, interaction: InteractionRef, command: string): string {
    if (error instanceof InvalidOptionError) return error.message;
    logger.error({ err: error, interaction: interaction.id, command }, 'command failed');
    return FAILED;
  }
}

type Settled = { answer: Answer; error?: undefined } | { answer?: undefined; error: unknown };

function settle(work: Promise<Answer>): Promise<Settled> {
  return work.then(
    (answer) => ({ answer }),
    (error: unknown) => ({ error }),
  );
}

function outcomeOf(settled: Settled): CommandOutcome {
  if (settled.answer) return 'answered';
  return settled.error instanceof InvalidOptionError ? 'invalid' : 'failed';
}

function replyData(answer: Answer, ephemeral: boolean) {
  return {
    ...(answer.content === undefined ? {} : { content: answer.content }),
    ...(answer.embeds === undefined ? {} : { embeds: answer.embeds }),
    allowed_mentions: NO_MENTIONS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

function editData(answer: Answer) {
  return {
    content: answer.content ?? '',
    embeds: answer.embeds ?? [],
    allowed_mentions: NO_MENTIONS,
  };
}
