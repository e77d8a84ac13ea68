import type { z } from 'zod';

const devDefaults = new WeakMap<z.ZodType, string>();

/**
 * Marks a variable as one that falls back to `value` outside production, so the stack runs with no
 * configuration, and must be set to something else when `NODE_ENV=production`: a shared development
 * secret must never protect a real deployment. `loadConfig` applies the rule.
 */
export function devDefault<S extends z.ZodType>(schema: S, value: string): S {
  devDefaults.set(schema, value);
  return schema;
}

/** The development value of a variable marked with {@link devDefault}. */
export function devDefaultOf(schema: z.ZodType): string | undefined {
  return devDefaults.get(schema);
}
