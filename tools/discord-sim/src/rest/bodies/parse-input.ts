import type { z } from 'zod';
import { restErrors } from '../errors.js';
import { formBodyErrors } from '../form-body-errors.js';

/** Parses a body or query with `schema`; a bad one is Discord's 50035 Invalid Form Body with field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw restErrors.invalidFormBody(formBodyErrors(result.error.issues));
  return result.data;
}
