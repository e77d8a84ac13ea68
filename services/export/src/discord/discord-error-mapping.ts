import { DiscordAPIError, HTTPError } from '@discordjs/rest';
import { DiscordAccessError } from './discord-access-error.js';

/** What a call was about, to name it when Discord refuses. */
export interface CallSubject {
  kind: 'channel' | 'guild' | 'user' | 'message' | 'member' | 'reaction';
  id: string;
  /** The permission the call needs beyond View Channel, as Discord's settings name it. */
  needs?: string;
}

const missingPermissions = 50013;

const describe = (subject: CallSubject): string => `${subject.kind} ${subject.id}`;

/**
 * Discord's refusal as a `DiscordAccessError`, or the error itself for anything else (a 5xx or a
 * 429 the client gave up on). Neither holds the token: `@discordjs/rest` keeps it out of its errors.
 */
export function toAccessError(error: unknown, subject: CallSubject | undefined): unknown {
  const status = error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined;
  const code = error instanceof DiscordAPIError ? error.code : undefined;
  if (status === 401)
    return new DiscordAccessError(
      'unauthorized',
      'Discord rejected the token (401 Unauthorized). Check the bot token given to the export (DISCORD_TOKEN or --token); it may have been reset.',
    );
  if (!subject) return error;
  if (status === 403) {
    // Discord answers 50001 when the channel is hidden from the bot, 50013 when it sees it but lacks the call's permission.
    const permission = code === missingPermissions && subject.needs ? subject.needs : 'View Channel';
    return new DiscordAccessError(
      'forbidden',
      `The bot lacks the "${permission}" permission in ${describe(subject)}. Grant it to the bot's role (or on the channel), or leave ${subject.kind} ${subject.id} out of the export.`,
      subject.id,
      permission,
    );
  }
  if (status === 404)
    return new DiscordAccessError(
      'not-found',
      `Unknown ${describe(subject)}: Discord does not know it, or the bot is not in its guild. Check the id (it may have been deleted).`,
      subject.id,
    );
  return error;
}
