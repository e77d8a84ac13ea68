import type { RenderOptions } from './message-writer.js';

/**
 * An instant as DCE's dates carry it: whole Unix seconds plus the fraction as .NET's seven digits,
 * kept as text so Discord's microseconds survive a re-render (a JS Date would keep milliseconds only).
 */
export interface Instant {
  seconds: number;
  /** Exactly seven digits. */
  fraction: string;
}

/** A date that is not ISO-8601, where a DCE export must have one. */
export class InvalidDateError extends Error {
  constructor(readonly text: string) {
    super(`Invalid date "${text}": expected ISO-8601 such as 2021-07-14T21:00:00+00:00`);
    this.name = 'InvalidDateError';
  }
}

const isoPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7})\d*)?(Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(text: string): Instant {
  const match = isoPattern.exec(text);
  if (match) {
    const [, wholeSeconds = '', fraction = '', zone = ''] = match;
    const millis = Date.parse(`${wholeSeconds}${zone}`);
    if (!Number.isNaN(millis)) return { seconds: Math.floor(millis / 1000), fraction: fraction.padEnd(7, '0') };
  }
  throw new InvalidDateError(text);
}

export function instantFromMillis(millis: number): Instant {
  const seconds = Math.floor(millis / 1000);
  return { seconds, fraction: String((millis - seconds * 1000) * 10_000).padStart(7, '0') };
}

export function instantMillis(instant: Instant): number {
  return instant.seconds * 1000 + Math.floor(Number(instant.fraction) / 10_000);
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * `yyyy-MM-ddTHH:mm:ss[.fffffff]±hh:mm` at `offsetMinutes`. `roundTrip` keeps all seven fraction
 * digits (.NET's `o` format, used by DCE's CSV); otherwise trailing zeros are trimmed and a zero
 * fraction dropped, as System.Text.Json writes a DateTimeOffset in DCE's JSON.
 */
export function formatIsoInstant(instant: Instant, offsetMinutes: number, roundTrip: boolean): string {
  const local = new Date((instant.seconds + offsetMinutes * 60) * 1000);
  const fraction = roundTrip ? instant.fraction : instant.fraction.replace(/0+$/, '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (fraction ? `.${fraction}` : '') +
    `${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`
  );
}

/**
 * Dates as each format shows them, in UTC with `--utc` and otherwise in the machine's zone, as DCE
 * does: ISO in JSON, .NET's `o` in CSV, and the locale's short date and time (.NET's `g`) in text.
 */
export class DateFormats {
  readonly #utc: boolean;
  readonly #shortDate: Intl.DateTimeFormat;
  readonly #year: Intl.DateTimeFormat;
  readonly #shortTime: Intl.DateTimeFormat;
  readonly #number: Intl.NumberFormat;

  constructor(options: Pick<RenderOptions, 'locale' | 'utc'>) {
    this.#utc = options.utc;
    const timeZone = options.utc ? 'UTC' : undefined;
    // .NET on ICU takes the locale's short date and time patterns from ICU, as Intl does, and
    // widens a two-digit year to four; `g` is the two joined by a space.
    this.#shortDate = new Intl.DateTimeFormat(options.locale, { dateStyle: 'short', timeZone });
    this.#year = new Intl.DateTimeFormat(options.locale, { year: 'numeric', timeZone });
    this.#shortTime = new Intl.DateTimeFormat(options.locale, { timeStyle: 'short', timeZone });
    this.#number = new Intl.NumberFormat(options.locale, { maximumFractionDigits: 0 });
  }

  /** A JSON date: converted to +00:00 with `--utc`, otherwise kept with the offset it was written with. */
  json(text: string): string {
    return this.#utc ? formatIsoInstant(parseInstant(text), 0, false) : text;
  }

  /** .NET's round-trip `o` format, as in DCE's CSV. */
  roundTrip(text: string): string {
    const instant = parseInstant(text);
    return formatIsoInstant(instant, this.#offsetAt(instant), true);
  }

  /** The locale's short date and time, as in DCE's text export and `<t:…>` markers. */
  display(text: string): string {
    const date = new Date(instantMillis(parseInstant(text)));
    const year = this.#year.formatToParts(date).find((part) => part.type === 'year')?.value;
    const shortDate = this.#shortDate
      .formatToParts(date)
      .map((part) => (part.type === 'year' && year ? year : part.value))
      .join('');
    // Recent ICU puts a narrow no-break space before AM/PM; .NET's en-US pattern has a plain one.
    return `${shortDate} ${this.#shortTime.format(date)}`.replaceAll('\u202f', ' ');
  }

  /** A count with the locale's digit grouping (.NET's `N0`). */
  count(value: number): string {
    return this.#number.format(value);
  }

  #offsetAt(instant: Instant): number {
    return this.#utc ? 0 : -new Date(instant.seconds * 1000).getTimezoneOffset();
  }
}
