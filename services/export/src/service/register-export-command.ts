import type { REST } from '@discordjs/rest';
import { COMMAND_OWNERS } from '@platform/contracts';
import { type RegisterCommandsOptions, registerCommands } from '@platform/discord';
import { EXPORT_COMMAND } from './export-command-definition.js';

/** Registers `/export`, writing back the application's commands that other services own. */
export function registerExportCommand(
  rest: REST,
  options: RegisterCommandsOptions = {},
): Promise<{ applicationId: string; registered: string[] }> {
  return registerCommands(
    rest,
    { commands: [EXPORT_COMMAND], owns: (name) => COMMAND_OWNERS[name] === 'export' },
    options,
  );
}
