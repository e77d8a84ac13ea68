import type { z } from 'zod';

/** Bad input to the control API: answered with `status` (400 unless told) and `{ error: message }`. */
export class ControlInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'ControlInputError';
  }
}

/** Parses `value` with `schema`, or throws a {@link ControlInputError} naming each bad field. */
export function parseControlInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const reasons = result.error.issues.map((issue) => `${[what, ...issue.path].join('.')}: ${issue.message}`);
  throw new ControlInputError(reasons.join('; '));
}
