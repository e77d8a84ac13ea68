import { z } from 'zod';

/** A snowflake id as Discord takes it: a decimal string (numbers are accepted too, as Discord does). */
export const snowflake = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String);
