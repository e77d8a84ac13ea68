import { z } from 'zod';

/**
 * Schemas that read one environment variable (always a string) into a typed value. Their messages
 * say what was expected; `loadConfig` adds the variable's name and, unless it is a secret, its value.
 */

/** `true`, `false`, `1` or `0`, in any case. */
export const envBoolean = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', '1', '0'], { error: 'expected true, false, 1 or 0' }))
  .transform((value) => value === 'true' || value === '1');

/** A whole number, optionally within bounds. */
export function envInt({ min, max }: { min?: number; max?: number } = {}) {
  let number = z.number();
  if (min !== undefined) number = number.min(min, `expected at least ${min}`);
  if (max !== undefined) number = number.max(max, `expected at most ${max}`);
  return z
    .string()
    .trim()
    .regex(/^[-+]?\d+$/, 'expected an integer')
    .transform(Number)
    .pipe(number);
}

/** A TCP port; 0 asks the system for a free one. */
export const envPort = envInt({ min: 0, max: 65_535 });

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration such as `500ms`, `30s`, `5m`, `1h`, or a bare number of milliseconds; read as milliseconds. */
export const envDuration = z
  .string()
  .trim()
  .regex(DURATION, 'expected a duration such as 500ms, 30s, 5m, 1h or a number of milliseconds')
  .transform((raw) => {
    const [, amount, unit = 'ms'] = DURATION.exec(raw) ?? [];
    return Math.round(Number(amount) * (MS_PER_UNIT[unit] ?? 1));
  });

/** A URL with one of the given schemes, e.g. `envUrl(['nats', 'tls'])`; kept as the string given. */
export function envUrl(schemes: readonly string[]) {
  const expected = `expected a URL starting with ${schemes.map((scheme) => `${scheme}://`).join(', ')}`;
  return z
    .string()
    .trim()
    .refine((raw) => URL.canParse(raw) && schemes.includes(new URL(raw).protocol.slice(0, -1)), expected);
}
