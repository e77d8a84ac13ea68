import type { z } from 'zod';
import { HttpError } from './http-error.js';

/** The part of a request being parsed, named in the 400 answer. */
export type RequestPart = 'body' | 'params' | 'query' | 'headers';

/** One reason the input was refused: where (`items.0.name`, empty for the whole part) and why. */
export interface InputIssue {
  path: string;
  message: string;
}

/**
 * Parses one part of a request with a zod schema, or throws an {@link HttpError} that the server
 * answers with 400 `{ error: 'invalid body', issues: [{ path, message }] }`.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new HttpError(400, `invalid ${part}`, { issues });
}
