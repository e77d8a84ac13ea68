import { Readable } from 'node:stream';
import { USER_DAY_COLUMNS, type UserDayRow } from './user-days.js';

/**
 * A guild's export as CSV, streamed. Every value is a UTC date, a snowflake or a number, none of which
 * can hold a comma, quote or line break, so no field needs quoting (RFC 4180 allows unquoted fields).
 */
export function csvExport(rows: AsyncIterable<UserDayRow>): Readable {
  return Readable.from(
    (async function* () {
      yield `${USER_DAY_COLUMNS.join(',')}\r\n`;
      for await (const row of rows) yield `${USER_DAY_COLUMNS.map((column) => row[column]).join(',')}\r\n`;
    })(),
  );
}

/** A guild's export as one JSON document `{ guildId, from, to, rows: [...] }`, streamed row by row. */
export function jsonExport(
  head: { guildId: string; from: string | null; to: string },
  rows: AsyncIterable<UserDayRow>,
): Readable {
  return Readable.from(
    (async function* () {
      yield `${JSON.stringify(head).slice(0, -1)},"rows":[`;
      let first = true;
      for await (const row of rows) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
        first = false;
      }
      yield '\n]}\n';
    })(),
  );
}
