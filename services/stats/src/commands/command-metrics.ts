import { Counter, Histogram, type Registry } from 'prom-client';

/** How a command ended: answered, refused for its options, failed, or received too late to answer. */
export type CommandOutcome = 'answered' | 'invalid' | 'failed' | 'expired';

export interface CommandMetrics {
  /** Receipt to final answer sent, deferral included; labelled by command name (a fixed set). */
  duration: Histogram<'command'>;
  outcomes: Counter<'command' | 'outcome'>;
  deferrals: Counter<'command'>;
}

export function createCommandMetrics(registry: Registry): CommandMetrics {
  const registers = [registry];
  return {
    duration: new Histogram({
      name: 'stats_command_duration_seconds',
      help: 'Time from receiving a stats command to sending its final answer, by command',
      labelNames: ['command'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers,
    }),
    outcomes: new Counter({
      name: 'stats_commands_total',
      help: 'Stats commands handled, by command and outcome (answered, invalid, failed, expired)',
      labelNames: ['command', 'outcome'],
      registers,
    }),
    deferrals: new Counter({
      name: 'stats_command_deferrals_total',
      help: 'Commands whose answer was deferred because it was not ready within the reply budget',
      labelNames: ['command'],
      registers,
    }),
  };
}
