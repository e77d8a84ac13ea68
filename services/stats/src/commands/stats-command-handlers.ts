import type { GuildSettingsStore, StatsQueries } from '../queries/stats-queries.js';
import type { PngRenderer } from '../render/render-png.js';
import { chartCommand } from './chart-command.js';
import type { CommandHandler } from './command-handler.js';
import { heatmapCommand } from './heatmap-command.js';
import { inactiveCommand } from './inactive-command.js';
import { leaderboardCommand } from './leaderboard-command.js';
import { serverCommand } from './server-command.js';
import { settingsCommand } from './settings-command.js';
import { statsCommand } from './stats-command.js';

export interface StatsCommandDeps {
  queries: StatsQueries;
  settings: GuildSettingsStore;
  renderer: PngRenderer;
  defaultDays: number;
  invalidateGuild(guildId: string): Promise<unknown>;
}

/** Every stats command by name, as `COMMAND_OWNERS` and the registered definitions name them. */
export function statsCommandHandlers(deps: StatsCommandDeps): Record<string, CommandHandler> {
  const reading = { queries: deps.queries, settings: deps.settings, defaultDays: deps.defaultDays };
  return {
    stats: statsCommand(reading),
    server: serverCommand(reading),
    leaderboard: leaderboardCommand(reading),
    heatmap: heatmapCommand({ ...reading, renderer: deps.renderer }),
    chart: chartCommand({ ...reading, renderer: deps.renderer }),
    inactive: inactiveCommand({ queries: deps.queries }),
    'stats-settings': settingsCommand({ settings: deps.settings, invalidateGuild: deps.invalidateGuild }),
  };
}
