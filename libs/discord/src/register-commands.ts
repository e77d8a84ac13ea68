import type { REST } from '@discordjs/rest';
import {
  type RESTGetAPIApplicationCommandsResult,
  type RESTGetCurrentApplicationResult,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
  Routes,
} from 'discord-api-types/v10';

export interface RegisterCommandsOptions {
  /** Known from configuration, or read from `GET /applications/@me`. */
  applicationId?: string | undefined;
  /** Registers in one guild (instant, for development) instead of globally. */
  guildId?: string | undefined;
}

/** The commands of one service, and how to tell its commands among the application's. */
export interface ServiceCommands {
  commands: readonly RESTPostAPIApplicationCommandsJSONBody[];
  /** Whether the service owns a command of that name (by `COMMAND_OWNERS`). */
  owns(commandName: string): boolean;
}

/**
 * Registers a service's commands with one bulk overwrite. A bulk overwrite replaces every command of the
 * application, and other services register theirs on the same application, so the commands this service
 * does not own are read first and written back unchanged with its own.
 */
export async function registerCommands(
  rest: REST,
  { commands, owns }: ServiceCommands,
  { applicationId, guildId }: RegisterCommandsOptions = {},
): Promise<{ applicationId: string; registered: string[] }> {
  const appId = applicationId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const existing = (await rest.get(route)) as RESTGetAPIApplicationCommandsResult;
  const kept = existing
    .filter((command) => !owns(command.name))
    .map(({ id: _id, application_id: _app, version: _version, guild_id: _guild, ...definition }) => definition);
  const result = (await rest.put(route, { body: [...kept, ...commands] })) as RESTPutAPIApplicationCommandsResult;
  return { applicationId: appId, registered: result.filter((c) => owns(c.name)).map((c) => c.name) };
}
