import { COMMAND_OWNERS } from '@platform/contracts';
import { type DiscordRest, type RegisterCommandsOptions, registerCommands } from '@platform/discord';
import { STATS_COMMANDS } from './command-definitions.js';

/** Registers the stats commands, writing back the application's commands that other services own. */
export function registerStatsCommands(
  rest: DiscordRest,
  options: RegisterCommandsOptions = {},
): Promise<{ applicationId: string; registered: string[] }> {
  return registerCommands(
    rest,
    { commands: STATS_COMMANDS, owns: (name) => COMMAND_OWNERS[name] === 'stats' },
    options,
  );
}
