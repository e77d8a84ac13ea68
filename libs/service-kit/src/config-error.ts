/** One variable that is missing or invalid, and why. */
export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** Thrown by `loadConfig`; the message lists every problem, one per line, and never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(['invalid configuration:', ...problems.map(({ variable, reason }) => `  ${variable}: ${reason}`)].join('\n'));
    this.name = 'ConfigError';
  }
}
