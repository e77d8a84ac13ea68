import { readFileSync, writeSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { devDefaultOf } from './dev-default.js';
import { scrubSecrets } from './scrub-secrets.js';

/** Variables whose values are never echoed in a problem's reason. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|KEY|CREDENTIAL/i;
const ECHO_LIMIT = 60;

type Env = Record<string, string | undefined>;

function echo(value: string): string {
  return JSON.stringify(value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}...` : value);
}

function problemOf(issue: z.core.$ZodIssue, input: Env): ConfigProblem {
  const variable = String(issue.path[0] ?? '(config)');
  const value = input[variable];
  const shown = value !== undefined && !SECRET_NAME.test(variable) ? `, got ${echo(value)}` : '';
  return { variable, reason: scrubSecrets(`${issue.message}${shown}`) };
}

const requiredWhenMissing = (issue: z.core.$ZodRawIssue) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'required, not set' : undefined;

/**
 * A variable's value: its own, else the contents of the file `<VARIABLE>_FILE` names (Docker and Kubernetes
 * secrets mounted as files, or a token the simulator writes at start), without a trailing newline.
 */
function variableValue(variable: string, env: Env, problems: ConfigProblem[]): string | undefined {
  const own = env[variable] === '' ? undefined : env[variable];
  const file = env[`${variable}_FILE`];
  if (own !== undefined || !file) return own;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    problems.push({ variable: `${variable}_FILE`, reason: `cannot read ${file} (${code})` });
    return undefined;
  }
}

/**
 * Reads the variables `schema` declares from `env` (or from the files their `<VARIABLE>_FILE` names) and
 * returns them typed. An empty variable counts as unset, so its default applies. Throws a
 * {@link ConfigError} naming every missing or invalid variable at once.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): z.output<S> {
  const production = env.NODE_ENV === 'production';
  const input: Env = {};
  const problems: ConfigProblem[] = [];

  for (const [variable, field] of Object.entries(schema.shape)) {
    const value = variableValue(variable, env, problems);
    const devValue = devDefaultOf(field);
    if (devValue !== undefined && production && value === undefined) {
      problems.push({ variable, reason: 'required when NODE_ENV=production' });
    } else if (devValue !== undefined && production && value === devValue) {
      problems.push({ variable, reason: 'must not be the development default when NODE_ENV=production' });
    }
    input[variable] = value ?? (production ? undefined : devValue);
  }

  const result = schema.safeParse(input, { error: requiredWhenMissing });
  if (!result.success) {
    const reported = new Set(problems.map((problem) => problem.variable));
    for (const issue of result.error.issues) {
      const problem = problemOf(issue, input);
      if (!reported.has(problem.variable)) problems.push(problem);
    }
  }
  if (problems.length > 0 || !result.success) {
    const order = Object.keys(schema.shape);
    throw new ConfigError(problems.sort((a, b) => order.indexOf(a.variable) - order.indexOf(b.variable)));
  }
  return result.data;
}

/**
 * {@link loadConfig} for main.ts: on a bad configuration, prints the problems to stderr and exits 1.
 */
export function configOrExit<S extends z.ZodObject>(schema: S, env: Env = process.env): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Synchronous, so the message is out before the process ends.
    writeSync(2, `${error.message}\n`);
    process.exit(1);
  }
}
