import type { StatsWindow } from '../queries/stats-queries.js';

/** One member's figures on one UTC day: a row of a guild's export. */
export interface UserDayRow {
  /** `YYYY-MM-DD`, a UTC day (the day rollups are kept by). */
  day: string;
  userId: string;
  messages: number;
  edits: number;
  deletions: number;
  attachments: number;
  reactionsGiven: number;
  reactionsReceived: number;
  voiceSeconds: number;
  streamSeconds: number;
  videoSeconds: number;
  muteSeconds: number;
  deafSeconds: number;
}

/** The columns of an export, in order: the CSV header and the JSON keys. */
export const USER_DAY_COLUMNS = [
  'day',
  'userId',
  'messages',
  'edits',
  'deletions',
  'attachments',
  'reactionsGiven',
  'reactionsReceived',
  'voiceSeconds',
  'streamSeconds',
  'videoSeconds',
  'muteSeconds',
  'deafSeconds',
] as const satisfies readonly (keyof UserDayRow)[];

/** Reads a guild's per user per day rows, oldest day first, without holding them all at once. */
export interface UserDayExport {
  /** Days whose UTC start lies in the window widened to whole UTC days; all time when `from` is null. */
  userDays(guildId: string, window: StatsWindow): AsyncIterable<UserDayRow>;
}
