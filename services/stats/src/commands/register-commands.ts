import { COMMAND_OWNERS } from '@platform/contracts';
import {
  type RESTGetAPIApplicationCommandsResult,
  type RESTGetCurrentApplicationResult,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
} from 'discord-api-types/v10';
import type { DiscordRest } from './answer-upload.js';
import { STATS_COMMANDS } from './command-definitions.js';

export interface RegisterCommandsOptions {
  /** Known from configuration, or read from `GET /applications/@me`. */
  applicationId?: string | undefined;
  /** Registers in one guild (instant, for development) instead of globally. */
  guildId?: string | undefined;
}

/**
 * Registers the stats commands with one bulk overwrite. A bulk overwrite replaces every command of the
 * application, and other services register theirs on the same application, so the commands stats does not
 * own (by `COMMAND_OWNERS`) are read first and written back unchanged with ours.
 */
export async function registerCommands(
  rest: DiscordRest,
  { applicationId, guildId }: RegisterCommandsOptions = {},
): Promise<{ applicationId: string; registered: string[] }> {
  const appId = applicationId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const existing = (await rest.get(route)) as RESTGetAPIApplicationCommandsResult;
  const kept = existing
    .filter((command) => COMMAND_OWNERS[command.name] !== 'stats')
    .map(({ id: _id, application_id: _app, version: _version, guild_id: _guild, ...definition }) => definition);
  const result = (await rest.put(route, { body: [...kept, ...STATS_COMMANDS] })) as RESTPutAPIApplicationCommandsResult;
  return {
    applicationId: appId,
    registered: result.filter((c) => COMMAND_OWNERS[c.name] === 'stats').map((c) => c.name),
  };
}
