import type { MemoryPeak } from './export-memory.js';

/** Where a child process finds the channel to read: the simulator's API and the channel's ids. */
export interface ApiTarget {
  /** Base of the REST API without the version, as `@discordjs/rest` takes it. */
  apiUrl: string;
  token: string;
  guildId: string;
  channelId: string;
}

/** The formats the benchmark measures: the JSON and HTML. */
export type ExportFormatUnderTest = 'Json' | 'HtmlDark';

/**
 * What one child process of the export benchmark does (argv is one of these as JSON):
 * - `fetch`: the ceiling, the channel's pages through `@discordjs/rest` and nothing else;
 * - `export`: the real export, DiscordChannelSource into exportChannel, to a `format` file in `outDir`.
 *   `limits: 'discord'` talks as the CLI does (`@discordjs/rest` keeping to Discord's 50 requests/s and
 *   following the headers); `'off'` lifts the client's own global limit too, as the simulator has none.
 */
export type ExportJob =
  | { kind: 'fetch'; target: ApiTarget }
  | { kind: 'export'; target: ApiTarget; format: ExportFormatUnderTest; outDir: string; limits: 'off' | 'discord' };

/** What the child prints as its one JSON line when done. */
export interface ExportRunResult {
  messages: number;
  /** From the first request to the last byte on disk. */
  ms: number;
  messagesPerSecond: number;
  /** Bytes of the files written; 0 for `fetch`. */
  bytes: number;
  memory: MemoryPeak;
}
