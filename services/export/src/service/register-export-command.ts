import type { REST } from '@discordjs/rest';
import { COMMAND_OWNERS } from '@platform/contracts';
import {
  type RESTGetAPIApplicationCommandsResult,
  type RESTGetCurrentApplicationResult,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
} from 'discord-api-types/v10';
import { EXPORT_COMMAND } from './export-command-definition.js';

export interface RegisterExportCommandOptions {
  /** Known from configuration, or read from `GET /applications/@me`. */
  applicationId?: string | undefined;
  /** Registers in one guild (instant, for development) instead of globally. */
  guildId?: string | undefined;
}

/**
 * Registers `/export` with one bulk overwrite, as stats registers its commands: the application's
 * commands other services own (by `COMMAND_OWNERS`) are read first and written back unchanged.
 */
export async function registerExportCommand(
  rest: REST,
  { applicationId, guildId }: RegisterExportCommandOptions = {},
): Promise<{ applicationId: string; registered: string[] }> {
  const appId = applicationId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const existing = (await rest.get(route)) as RESTGetAPIApplicationCommandsResult;
  const kept = existing
    .filter((command) => COMMAND_OWNERS[command.name] !== 'export')
    .map(({ id: _id, application_id: _app, version: _version, guild_id: _guild, ...definition }) => definition);
  const result = (await rest.put(route, { body: [...kept, EXPORT_COMMAND] })) as RESTPutAPIApplicationCommandsResult;
  return {
    applicationId: appId,
    registered: result.filter((c) => COMMAND_OWNERS[c.name] === 'export').map((c) => c.name),
  };
}
