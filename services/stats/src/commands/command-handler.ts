import type { APIEmbed } from 'discord-api-types/v10';
import type { GuildSettingsStore, StatsQueries } from '../queries/stats-queries.js';
import type { CommandOptions } from './command-options.js';

/** One run of a command, as the handlers see it. */
export interface Invocation {
  guildId: string;
  /** Who ran it. */
  userId: string;
  /** The member's permissions in the channel, as Discord computed them for the interaction. */
  permissions: bigint;
  options: CommandOptions;
  now: number;
}

export interface AnswerFile {
  name: string;
  data: Buffer;
  contentType: string;
}

/** What a command answers with. */
export interface Answer {
  content?: string;
  embeds?: APIEmbed[];
  files?: AnswerFile[];
}

/** A command whose options passed their checks, ready to do its work. */
export interface PreparedCommand {
  /**
   * `at-once` for answers that render an image (which may outlast Discord's 3 seconds and is sent
   * as an upload to the deferred reply); `if-slow` defers only when the answer is not ready in time.
   */
  defer: 'at-once' | 'if-slow';
  /** Seen by the caller only. */
  ephemeral: boolean;
  run(): Promise<Answer>;
}

/**
 * Checks a command's options and returns its work. Throws an `InvalidOptionError` (synchronously, before
 * anything is read or changed) for options it cannot honour; `run` may throw one too, for checks that
 * need stored settings.
 */
export type CommandHandler = (invocation: Invocation) => PreparedCommand;

/** What the commands that read statistics need. */
export interface ReadingCommandDeps {
  queries: StatsQueries;
  settings: GuildSettingsStore;
  /** The lookback when no option gives one. */
  defaultDays: number;
}
