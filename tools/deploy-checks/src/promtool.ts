import { spawnSync } from 'node:child_process';

/** promtool could not be run: the Prometheus checks need it, and must fail rather than pass without it. */
export class PromtoolMissingError extends Error {
  constructor(command: string) {
    super(`${command} not found: install Debian's prometheus package (scripts/ensure-promtool.sh does it as root)`);
    this.name = 'PromtoolMissingError';
  }
}

export interface PromtoolResult {
  ok: boolean;
  /** stdout and stderr together: promtool puts its verdicts on either. */
  output: string;
}

/** Runs `promtool <args>` (PROMTOOL overrides the command); a failed check is a result, not an exception. */
export function promtool(args: string[], cwd?: string, command = process.env.PROMTOOL ?? 'promtool'): PromtoolResult {
  const run = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new PromtoolMissingError(command);
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}
