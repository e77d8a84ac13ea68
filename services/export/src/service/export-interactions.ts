import { randomUUID } from 'node:crypto';
import type { REST } from '@discordjs/rest';
import { deferReply, editReply, replyError, snowflakeTime } from '@platform/discord';
import {
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  ApplicationCommandType,
  InteractionType,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { parseExportCommand } from './export-command-options.js';
import type { ExportJob } from './export-job.js';
import type { JobStore } from './job-store.js';
import { queuedText } from './reply-texts.js';

/** Discord drops an interaction not answered within this long of its creation. */
const RESPONSE_WINDOW_MS = 3_000;

export interface ExportInteractionOptions {
  rest: REST;
  store: JobStore;
  enqueue(job: ExportJob): Promise<void>;
  logger: Logger;
  now?: () => number;
}

/**
 * Answers `/export`: bad options get an ephemeral error and no job; good ones are deferred at once (the
 * export takes longer than Discord's 3 seconds), recorded and queued. The worker that runs the job edits
 * the deferred reply with progress and the result. It never throws: an interaction cannot be answered
 * twice, so a redelivery could only fail.
 */
export function createExportInteractionHandler(options: ExportInteractionOptions) {
  const { rest, store, logger } = options;
  const now = options.now ?? Date.now;

  return async function handleInteraction(interaction: APIInteraction): Promise<void> {
    if (interaction.type !== InteractionType.ApplicationCommand) return;
    if (interaction.data.type !== ApplicationCommandType.ChatInput || interaction.data.name !== 'export') return;
    const command = interaction as APIChatInputApplicationCommandInteraction;
    const log = logger.child({ interaction: interaction.id, guild: interaction.guild_id });
    if (now() - snowflakeTime(interaction.id) >= RESPONSE_WINDOW_MS) {
      log.warn({ ageMs: now() - snowflakeTime(interaction.id) }, 'interaction received too late to answer; dropped');
      return;
    }
    try {
      const userId = command.member?.user.id ?? command.user?.id;
      if (!command.guild_id || !userId) {
        await replyError(rest, interaction, 'Exports work in a server only.');
        return;
      }
      const parsed = parseExportCommand(command);
      if (!parsed.ok) {
        await replyError(rest, interaction, parsed.message);
        return;
      }
      await deferReply(rest, interaction);
      const job: ExportJob = {
        id: randomUUID(),
        guildId: command.guild_id,
        options: parsed.options,
        requester: {
          kind: 'interaction',
          interactionId: interaction.id,
          applicationId: interaction.application_id,
          token: interaction.token,
          channelId: command.channel?.id ?? command.channel_id ?? parsed.options.channels[0] ?? '',
          userId,
        },
        createdAt: now(),
      };
      try {
        await store.create(job);
        // Before the job is queued, so this edit cannot land after a worker's first progress edit.
        await editReply(rest, interaction, { content: queuedText(job), allowed_mentions: { parse: [] } });
        await options.enqueue(job);
      } catch (error) {
        log.error({ err: error }, 'could not queue the export');
        await store
          .fail(job.id, 'the work queue could not take the job')
          .catch((failure: unknown) => log.warn({ err: failure }, 'could not mark the unqueued job failed'));
        await editReply(rest, interaction, {
          content: 'The export could not be queued; please try again in a moment.',
        });
        return;
      }
      log.info({ job: job.id }, 'export queued from /export');
    } catch (error) {
      log.error({ err: error }, 'could not answer /export');
    }
  };
}
