import { discordErrors } from './errors.js';

/** Checks of structure inputs that Discord answers with 50035 Invalid Form Body, naming the field by its path. */

type Field = string | (string | number)[];

const path = (field: Field) => (Array.isArray(field) ? field : [field]);

/** A string of `min` to `max` characters. */
export function checkLength(field: Field, value: unknown, min: number, max: number): void {
  if (typeof value !== 'string' || value.length < min || value.length > max)
    throw discordErrors.invalidForm(
      path(field),
      'BASE_TYPE_BAD_LENGTH',
      `Must be between ${min} and ${max} in length.`,
    );
}

/** One of `choices`. */
export function checkChoice(field: Field, value: unknown, choices: readonly unknown[]): void {
  if (!choices.includes(value))
    throw discordErrors.invalidForm(path(field), 'BASE_TYPE_CHOICES', `Value must be one of {${choices.join(', ')}}.`);
}

export function checkBoolean(field: Field, value: unknown): void {
  if (typeof value !== 'boolean')
    throw discordErrors.invalidForm(path(field), 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
}

/** An integer within [min, max]. */
export function checkInteger(field: Field, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw discordErrors.invalidForm(path(field), 'NUMBER_TYPE_MAX', `int value should be between ${min} and ${max}.`);
}

/** The values of a numeric TypeScript enum (which also maps names back from values). */
export function enumValues(e: object): number[] {
  return Object.values(e).filter((value): value is number => typeof value === 'number');
}
