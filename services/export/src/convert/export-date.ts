import { formatIsoInstant, parseInstant } from '../writers/date-format.js';

/**
 * A date of Discord's (ISO-8601 with microseconds) as DCE's JSON holds it: in UTC with `--utc`,
 * otherwise at the machine zone's offset of that instant, trimmed as System.Text.Json trims it.
 */
export function toExportDate(discordDate: string, utc: boolean): string {
  const instant = parseInstant(discordDate);
  const offset = utc ? 0 : -new Date(instant.seconds * 1000).getTimezoneOffset();
  return formatIsoInstant(instant, offset, false);
}

/** `toExportDate` of an optional date. */
export const toExportDateOrNull = (discordDate: string | null | undefined, utc: boolean): string | null =>
  discordDate ? toExportDate(discordDate, utc) : null;
