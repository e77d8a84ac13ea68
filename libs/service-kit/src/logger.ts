import { hostname } from 'node:os';
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import { REDACTED, scrubSecrets } from './scrub-secrets.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type Logger = PinoLogger;

export interface LoggerOptions {
  /** Written as `service` on every line. */
  service: string;
  /** Defaults to `info`. */
  level?: LogLevel;
  /** Where the JSON lines go; stdout by default. Lines are scrubbed of secrets before they reach it. */
  destination?: DestinationStream;
}

/** Fields censored whatever their type; the line scrubber catches secrets wherever else they end up. */
const REDACTED_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'INTERNAL_API_TOKEN',
  '*.INTERNAL_API_TOKEN',
];

/**
 * A pino logger writing JSON lines with `service`, `pid` and `hostname` on each, an ISO time and the
 * level as a word. It never prints a token: known secret fields are censored, and every line is run
 * through {@link scrubSecrets}, which also covers messages, error messages and stacks.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  // Synchronous by default so the last lines before process.exit are not lost.
  const out = destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level,
      base: { service, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
    },
    { write: (line: string) => out.write(scrubSecrets(line)) },
  );
}
