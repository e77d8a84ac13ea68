import { DiscordAccessError } from '../discord/discord-access-error.js';
import { ExportRequestError, ExportStateCorruptError, ExportStateMismatchError } from '../engine/export-errors.js';
import { ExportOptionsError } from '../options/export-options.js';
import { OutputPathError } from '../options/output-path.js';
import { ChannelOutsideGuildError } from './run-export-job.js';

/**
 * Whether a job that failed with `error` would fail the same way again: Discord refused the channel
 * or the token, the request cannot be carried out, or the state beside its files is unusable. Anything
 * else (Discord, rest-proxy, storage or the disk failing for a while) is worth another attempt.
 */
export function isPermanentJobError(error: unknown): boolean {
  return (
    error instanceof DiscordAccessError ||
    error instanceof ChannelOutsideGuildError ||
    error instanceof ExportOptionsError ||
    error instanceof OutputPathError ||
    error instanceof ExportRequestError ||
    error instanceof ExportStateMismatchError ||
    error instanceof ExportStateCorruptError
  );
}

/** What a person is told of a failure. */
export function failureReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
