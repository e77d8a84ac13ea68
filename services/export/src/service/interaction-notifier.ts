import type { REST } from '@discordjs/rest';
import { editReply, editReplyWithFiles, fileUploads, type InteractionRef, snowflakeTime } from '@platform/discord';
import { Routes } from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { type Attachment, readAttachments } from './attachment-files.js';
import type { DownloadLinks } from './download-links.js';
import type { ExportJob, JobProgress } from './export-job.js';
import type { JobNotifier } from './job-notifier.js';
import { attachedText, failedText, linkedText, progressText } from './reply-texts.js';
import type { ExportedFile } from './run-export-job.js';

/** Discord keeps an interaction token for 15 minutes; past this the result goes to the channel instead. */
const TOKEN_LIFETIME_MS = 14 * 60_000;
/** Discord's most attachments on one message. */
const MAX_ATTACHMENTS = 10;
const NO_MENTIONS = { parse: [] };

export interface InteractionNotifierOptions {
  rest: REST;
  links: DownloadLinks;
  /** How long a link in a reply stays valid. */
  linkTtlMs: number;
  /** Files larger than this together are linked rather than attached. */
  uploadLimitBytes: number;
  logger: Logger;
  now?: () => number;
}

/**
 * Edits the deferred reply of `/export` with the job's progress and then its files, attached when
 * Discord takes them, linked otherwise. A job that outlives the interaction token (15 minutes) posts
 * its result in the channel, mentioning who asked.
 */
export function createInteractionNotifier(options: InteractionNotifierOptions): JobNotifier {
  const { rest, links, logger } = options;
  const now = options.now ?? Date.now;

  function refOf(job: ExportJob): (InteractionRef & { channelId: string; userId: string }) | undefined {
    const requester = job.requester;
    if (requester.kind !== 'interaction') return undefined;
    return {
      id: requester.interactionId,
      token: requester.token,
      application_id: requester.applicationId,
      channelId: requester.channelId,
      userId: requester.userId,
    };
  }

  const tokenAlive = (ref: InteractionRef) => now() - snowflakeTime(ref.id) < TOKEN_LIFETIME_MS;

  async function answer(job: ExportJob, content: string, attachments: readonly Attachment[] = []): Promise<void> {
    const ref = refOf(job);
    if (!ref) return;
    try {
      if (tokenAlive(ref)) {
        if (attachments.length > 0)
          await editReplyWithFiles(
            rest,
            ref,
            { content, allowed_mentions: NO_MENTIONS },
            await readAttachments(attachments),
          );
        else await editReply(rest, ref, { content, allowed_mentions: NO_MENTIONS });
        return;
      }
      const uploads = fileUploads(await readAttachments(attachments));
      await rest.post(Routes.channelMessages(ref.channelId), {
        body: {
          content: `<@${ref.userId}> ${content}`,
          allowed_mentions: { users: [ref.userId] },
          ...(attachments.length > 0 ? { attachments: uploads.attachments } : {}),
        },
        files: uploads.files,
      });
    } catch (error) {
      logger.warn(
        { err: error, job: job.id, interaction: ref.id },
        'could not tell the export’s progress or result in Discord',
      );
    }
  }

  return {
    async progress(job: ExportJob, progress: JobProgress) {
      // A progress edit after the token ran out would become a channel message each time: keep quiet then.
      const ref = refOf(job);
      if (ref && tokenAlive(ref)) await answer(job, progressText(job, progress));
    },
    async done(job: ExportJob, files: readonly ExportedFile[], messages: number) {
      const total = files.reduce((sum, file) => sum + file.bytes, 0);
      if (files.length > 0 && files.length <= MAX_ATTACHMENTS && total <= options.uploadLimitBytes) {
        await answer(job, attachedText(job, messages), files);
        return;
      }
      const expiresAt = now() + options.linkTtlMs;
      const urls = files.map((file) => ({ name: file.name, url: links.link(job.id, file.name, expiresAt) }));
      await answer(job, linkedText(job, messages, urls, new Date(expiresAt)));
    },
    async failed(job: ExportJob, reason: string) {
      await answer(job, failedText(reason));
    },
  };
}
