import { snowflakeAt, snowflakeTime } from '@platform/discord';

/** An exclusive `--after`/`--before` bound, as the message id Discord pages by. */
export interface MessageBound {
  /** The snowflake: the id given, or the first id of the instant given. */
  id: string;
  /** Milliseconds since the Unix epoch the bound stands for (the id's creation time for an id). */
  timestamp: number;
  /** Whether the text was a message id or a date. */
  source: 'id' | 'date';
}

/** An `--after`/`--before` value that is neither a message id nor a date. */
export class InvalidMessageBoundError extends Error {
  constructor(
    readonly value: string,
    reason = 'expected a message id (digits, such as 866674314627121232) or a date such as 2021-07-24, 2021-07-24 13:49 or 2021-07-24T13:49:13+02:00',
  ) {
    super(`Invalid message bound "${value}": ${reason}`);
    this.name = 'InvalidMessageBoundError';
  }
}

const DISCORD_EPOCH = 1_420_070_400_000;
const MAX_SNOWFLAKE = 2n ** 64n - 1n;
/** Snowflakes hold 42 bits of milliseconds after the epoch. */
const LAST_INSTANT = DISCORD_EPOCH + 2 ** 42 - 1;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

interface CalendarDate {
  year: number;
  month: number;
  day: number;
  rest: string;
}

function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  const index = MONTH_NAMES.indexOf(lower);
  if (index >= 0) return index + 1;
  const short = MONTHS.indexOf(lower === 'sept' ? 'sep' : lower);
  return short >= 0 ? short + 1 : undefined;
}

/** The date at the start of `text`, in the forms .NET's invariant culture reads most often. */
function readDate(text: string): CalendarDate | undefined {
  let match = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})/.exec(text);
  if (match)
    return {
      year: +(match[1] ?? 0),
      month: +(match[3] ?? 0),
      day: +(match[4] ?? 0),
      rest: text.slice(match[0].length),
    };
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text);
  if (match)
    return {
      year: +(match[3] ?? 0),
      month: +(match[1] ?? 0),
      day: +(match[2] ?? 0),
      rest: text.slice(match[0].length),
    };
  match = /^(\d{1,2})[ -]([A-Za-z]+\.?)[ -](\d{4})/.exec(text);
  const dayFirst = match && monthNumber(match[2] ?? '');
  if (match && dayFirst)
    return { year: +(match[3] ?? 0), month: dayFirst, day: +(match[1] ?? 0), rest: text.slice(match[0].length) };
  match = /^([A-Za-z]+\.?) (\d{1,2}),? (\d{4})/.exec(text);
  const monthFirst = match && monthNumber(match[1] ?? '');
  if (match && monthFirst)
    return { year: +(match[3] ?? 0), month: monthFirst, day: +(match[2] ?? 0), rest: text.slice(match[0].length) };
  return undefined;
}

const TIME = /^(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?(?:\s*([AaPp][Mm]))?/;
const OFFSET = /^\s*(?:(Z|UTC|GMT)|([+-])(\d{1,2})(?::?(\d{2}))?)$/i;

/** Milliseconds since the epoch of a date and optional time and offset; local time when no offset is given. */
function readInstant(text: string): number | undefined {
  const date = readDate(text);
  if (!date) return undefined;
  const { year, month, day } = date;
  let rest = date.rest;
  let [hour, minute, second, millisecond] = [0, 0, 0, 0];
  const time = TIME.exec(rest);
  if (time) {
    [hour, minute, second] = [+(time[1] ?? 0), +(time[2] ?? 0), +(time[3] ?? 0)];
    millisecond = Math.floor(Number(`0.${time[4] ?? '0'}`) * 1000);
    const meridiem = time[5]?.toUpperCase();
    if (meridiem) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (meridiem === 'PM' ? 12 : 0);
    }
    rest = rest.slice(time[0].length);
  }
  let offsetMinutes: number | undefined;
  if (rest.trim() !== '') {
    const offset = OFFSET.exec(rest);
    if (!offset) return undefined;
    const [hours, minutes] = [+(offset[3] ?? 0), +(offset[4] ?? 0)];
    if (hours > 14 || minutes > 59) return undefined;
    offsetMinutes = offset[1] ? 0 : (offset[2] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millisecond);
  // Date rolls 31 April over into May; .NET refuses it, and so does this.
  const valid =
    utc.getUTCFullYear() === year &&
    utc.getUTCMonth() === month - 1 &&
    utc.getUTCDate() === day &&
    utc.getUTCHours() === hour &&
    utc.getUTCMinutes() === minute &&
    utc.getUTCSeconds() === second;
  if (!valid) return undefined;
  if (offsetMinutes !== undefined) return utc.getTime() - offsetMinutes * 60_000;
  const local = new Date(0);
  local.setFullYear(year, month - 1, day);
  local.setHours(hour, minute, second, millisecond);
  return local.getTime();
}

/**
 * Reads `--after`/`--before` as DCE's Snowflake.Parse does: digits only are a message id (so
 * `20210724` is a tiny id, not a date); otherwise a date, in the machine's time zone when it names
 * none, becomes the first id of that millisecond. The bound is exclusive either way. Dates are ISO
 * (`2021-07-24`, `2021-07-24 13:49`, `2021-07-24T13:49:13.5Z`, `…+02:00`), `07/24/2021`, `24 Jul 2021`
 * or `July 24, 2021`, each with an optional time (`1:49 PM` too) and offset. A date before Discord's
 * epoch (2015) is id 0, so `--after` keeps everything and `--before` nothing.
 */
export function parseMessageBound(text: string): MessageBound {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const value = BigInt(trimmed);
    if (value > MAX_SNOWFLAKE) throw new InvalidMessageBoundError(text, 'a message id has at most 64 bits');
    const id = value.toString();
    return { id, timestamp: snowflakeTime(id), source: 'id' };
  }
  const instant = readInstant(trimmed);
  if (instant === undefined) throw new InvalidMessageBoundError(text);
  if (instant > LAST_INSTANT) throw new InvalidMessageBoundError(text, 'the date is past what a snowflake can hold');
  const timestamp = Math.max(instant, DISCORD_EPOCH);
  return { id: snowflakeAt(timestamp), timestamp, source: 'date' };
}
