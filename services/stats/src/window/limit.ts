import { InvalidOptionError } from './invalid-option-error.js';

/** How many rows to list: a whole number from 1 to `max`, `fallback` when not given. */
export function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new InvalidOptionError('limit', `limit must be a whole number from 1 to ${max}, not ${value}.`);
  return value;
}
