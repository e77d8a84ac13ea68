import type { GuildSettingsStore, StatsWindow } from '../queries/stats-queries.js';
import { describeLookback, type Lookback, parseLookback, windowOf } from '../window/lookback.js';
import type { Answer, CommandHandler, Invocation, PreparedCommand } from './command-handler.js';

/** What a command over a lookback works with once its options passed. */
export interface WindowedRun<P> {
  invocation: Invocation;
  /** The command's own options, as its `parse` returned them. */
  params: P;
  window: StatsWindow;
  /** The guild's zone. */
  timeZone: string;
  /** `last 30 days`, for titles. */
  period: string;
}

/**
 * A command over `days`/`since`/`all`: its own options and the lookback are checked first (before anything
 * is read), then the guild's zone gives the window and `answer` does the work.
 */
export function windowedCommand<P>(
  { settings, defaultDays }: { settings: GuildSettingsStore; defaultDays: number },
  defer: PreparedCommand['defer'],
  parse: (invocation: Invocation) => P,
  answer: (run: WindowedRun<P>) => Promise<Answer>,
): CommandHandler {
  return (invocation) => {
    const params = parse(invocation);
    const lookback: Lookback = parseLookback(invocation.options.lookback(), defaultDays, invocation.now);
    return {
      defer,
      ephemeral: false,
      async run() {
        const { timeZone } = await settings.get(invocation.guildId);
        const window = windowOf(lookback, invocation.now, timeZone);
        return answer({ invocation, params, window, timeZone, period: describeLookback(lookback) });
      },
    };
  };
}
