import type { RenderOptions } from '../writers/message-writer.js';

/** The largest instant a JS Date holds; a `<t:…>` beyond it is shown as invalid, as DCE does. */
const maxMillis = 8.64e15;

const relativeUnits: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/**
 * Dates as Discord shows its `<t:unix:style>` markers (t, T, d, D, f, F, R; f when none is given),
 * in the export's locale, in UTC with `--utc` and otherwise in the machine's zone. `R` is relative
 * to the moment of the export, so a file reads the same whenever it is opened.
 */
export class DiscordTimestamps {
  readonly #shortTime: Intl.DateTimeFormat;
  readonly #longTime: Intl.DateTimeFormat;
  readonly #shortDate: Intl.DateTimeFormat;
  readonly #longDate: Intl.DateTimeFormat;
  readonly #fullDate: Intl.DateTimeFormat;
  readonly #relative: Intl.RelativeTimeFormat;

  constructor(
    options: Pick<RenderOptions, 'locale' | 'utc'>,
    private readonly nowMillis: number,
  ) {
    const timeZone = options.utc ? 'UTC' : undefined;
    const make = (format: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(options.locale, { ...format, timeZone });
    this.#shortTime = make({ timeStyle: 'short' });
    this.#longTime = make({ timeStyle: 'medium' });
    this.#shortDate = make({ year: 'numeric', month: 'numeric', day: 'numeric' });
    this.#longDate = make({ dateStyle: 'long' });
    this.#fullDate = make({ dateStyle: 'full' });
    this.#relative = new Intl.RelativeTimeFormat(options.locale, { numeric: 'auto' });
  }

  /** The marker `<t:unixSeconds:style>` as Discord shows it; undefined when the instant is out of range. */
  marker(unixSeconds: number, style = 'f'): string | undefined {
    const millis = unixSeconds * 1000;
    if (!Number.isFinite(millis) || Math.abs(millis) > maxMillis) return undefined;
    return this.format(millis, style);
  }

  /** `millis` in one of Discord's timestamp styles. */
  format(millis: number, style: string): string {
    const date = new Date(millis);
    switch (style) {
      case 't':
        return this.#shortTime.format(date);
      case 'T':
        return this.#longTime.format(date);
      case 'd':
        return this.#shortDate.format(date);
      case 'D':
        return this.#longDate.format(date);
      case 'F':
        return `${this.#fullDate.format(date)} ${this.#shortTime.format(date)}`;
      case 'R':
        return this.#relativeTo(millis);
      default:
        return `${this.#longDate.format(date)} ${this.#shortTime.format(date)}`;
    }
  }

  #relativeTo(millis: number): string {
    let amount = (millis - this.nowMillis) / 1000;
    for (const [unit, size] of relativeUnits) {
      if (Math.abs(amount) < size) return this.#relative.format(Math.round(amount), unit);
      amount /= size;
    }
    return this.#relative.format(Math.round(amount), 'year');
  }
}
