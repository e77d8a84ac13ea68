import { compareSnowflakes, snowflakeAt } from '@platform/discord';

/** An `--after`/`--before` value that is neither a message id nor a date. */
export class MessageBoundError extends Error {
  constructor(readonly text: string) {
    super(
      `Invalid snowflake "${text}": expected a message id or a date such as 2021-07-24 or 2021-07-24T13:00:00+02:00`,
    );
    this.name = 'MessageBoundError';
  }
}

/** The exclusive bounds of an export, as message ids. */
export interface MessageBounds {
  after?: string;
  before?: string;
}

/**
 * Reads an `--after`/`--before` value as DCE's Snowflake.Parse does: digits only are a message id
 * (so `20210724` is a tiny id, not a date); anything else is a date, in the machine's zone when it
 * names none, turned into the first id of that millisecond.
 */
export function parseMessageBound(text: string): string {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return trimmed;
  // JS reads a bare ISO date as UTC midnight, where .NET's DateTimeOffset.Parse reads local midnight.
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const time = dateOnly
    ? new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])).getTime()
    : Date.parse(trimmed);
  if (trimmed === '' || Number.isNaN(time)) throw new MessageBoundError(text);
  return snowflakeAt(time);
}

/** Whether a message id lies strictly between the bounds. */
export function isWithinBounds(id: string, bounds: MessageBounds): boolean {
  if (bounds.after !== undefined && compareSnowflakes(id, bounds.after) <= 0) return false;
  if (bounds.before !== undefined && compareSnowflakes(id, bounds.before) >= 0) return false;
  return true;
}
