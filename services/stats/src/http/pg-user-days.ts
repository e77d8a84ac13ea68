import type pg from 'pg';
import type { StatsWindow } from '../queries/stats-queries.js';
import { DAY_MS } from '../window/zoned-time.js';
import type { UserDayExport, UserDayRow } from './user-days.js';

/** Rows per round trip: large enough to stream quickly, small enough to hold. */
const PAGE = 5000;

interface DayRow {
  start: Date;
  user_id: string;
  messages: number;
  edits: number;
  deletions: number;
  attachments: number;
  reactions_given: number;
  reactions_received: number;
  voice_ms: string;
  stream_ms: string;
  video_ms: string;
  mute_ms: string;
  deaf_ms: string;
}

/**
 * The export over the daily user rollup (`user_periods`, period `d`), read in pages that continue after
 * the last key seen (day, user): each page is one index range scan of the primary key, and nothing stays
 * open between pages, so a slow reader holds no connection.
 */
export class PgUserDays implements UserDayExport {
  constructor(private readonly pool: pg.Pool) {}

  async *userDays(guildId: string, window: StatsWindow): AsyncIterable<UserDayRow> {
    const from = new Date(Math.floor((window.from?.getTime() ?? 0) / DAY_MS) * DAY_MS);
    const to = new Date(Math.ceil(window.to.getTime() / DAY_MS) * DAY_MS);
    let after = null as { start: Date; userId: string } | null;
    for (;;) {
      const { rows }: { rows: DayRow[] } = await this.pool.query<DayRow>(
        `SELECT start, user_id::text AS user_id, messages, edits, deletions, attachments, reactions_given,
                reactions_received, voice_ms, stream_ms, video_ms, mute_ms, deaf_ms
           FROM user_periods
          WHERE guild_id = $1 AND period = 'd' AND start >= $2 AND start < $3
            AND ($4::timestamptz IS NULL OR (start, user_id) > ($4, $5::bigint))
          ORDER BY start, user_id
          LIMIT ${PAGE}`,
        [guildId, from, to, after?.start ?? null, after?.userId ?? null],
      );
      for (const row of rows) yield toUserDay(row);
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = { start: last.start, userId: last.user_id };
    }
  }
}

const seconds = (ms: string) => Number(ms) / 1000;

function toUserDay(row: DayRow): UserDayRow {
  return {
    day: row.start.toISOString().slice(0, 10),
    userId: row.user_id,
    messages: row.messages,
    edits: row.edits,
    deletions: row.deletions,
    attachments: row.attachments,
    reactionsGiven: row.reactions_given,
    reactionsReceived: row.reactions_received,
    voiceSeconds: seconds(row.voice_ms),
    streamSeconds: seconds(row.stream_ms),
    videoSeconds: seconds(row.video_ms),
    muteSeconds: seconds(row.mute_ms),
    deafSeconds: seconds(row.deaf_ms),
  };
}
