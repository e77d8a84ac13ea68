import type { z } from 'zod';

/** One entry of a field's `_errors`, as Discord words it. */
export interface FieldError {
  code: string;
  message: string;
}

/**
 * Discord's nested `errors` of a 50035 Invalid Form Body: the path of each bad field as nested keys
 * (array indices as string keys), its problems under `_errors`.
 */
export function formBodyErrors(issues: readonly z.core.$ZodIssue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path) {
      const name = String(key);
      node[name] ??= {};
      node = node[name] as Record<string, unknown>;
    }
    node._errors ??= [];
    (node._errors as FieldError[]).push(fieldError(issue));
  }
  return root;
}

function fieldError(issue: z.core.$ZodIssue): FieldError {
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined || input === null)
        return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
      return typeError(issue.expected, input);
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return { code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${issue.maximum}.` };
      }
      return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${issue.maximum} or fewer in length.` };
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return { code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${issue.minimum}.` };
      }
      return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${issue.minimum} or more in length.` };
    case 'invalid_format':
      return { code: 'NUMBER_TYPE_COERCE', message: `Value "${String(input)}" is not snowflake.` };
    case 'invalid_value':
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${issue.values.map(String).join(', ')}}.` };
    case 'invalid_union': {
      if (input === undefined || input === null)
        return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
      const first = issue.errors[0]?.[0];
      return first
        ? fieldError({ ...first, input } as z.core.$ZodIssue)
        : { code: 'BASE_TYPE_INVALID', message: issue.message };
    }
    case 'unrecognized_keys':
      return { code: 'UNKNOWN_FIELD', message: `Unknown fields: ${issue.keys.join(', ')}.` };
    default:
      return { code: 'BASE_TYPE_INVALID', message: issue.message };
  }
}

function typeError(expected: string, input: unknown): FieldError {
  const shown = typeof input === 'object' ? JSON.stringify(input) : String(input);
  switch (expected) {
    case 'string':
      return { code: 'BASE_TYPE_STRING', message: `Could not interpret "${shown}" as string.` };
    case 'number':
    case 'int':
      return { code: 'NUMBER_TYPE_COERCE', message: `Value "${shown}" is not int.` };
    case 'boolean':
      return { code: 'BASE_TYPE_BOOLEAN', message: 'Must be either true or false.' };
    case 'array':
      return { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' };
    case 'object':
      return { code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' };
    default:
      return { code: 'BASE_TYPE_INVALID', message: `Invalid ${expected}.` };
  }
}
