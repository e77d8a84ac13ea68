import { z } from 'zod';

/** An instant in a query: epoch milliseconds, or an ISO 8601 date. */
export const instant = z.union([
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform(Number),
  z.iso.datetime({ offset: true }).transform((value) => Date.parse(value)),
]);

export const snowflakeParam = z.string().regex(/^\d{1,20}$/, 'must be a snowflake');
