import type { REST } from '@discordjs/rest';
import { ExportDiscordApi } from '@platform/export/src/discord/export-discord-api.js';
import { fetchesReactionUsers, parseExportOptions } from '@platform/export/src/options/export-options.js';
import { ExportSession } from '@platform/export/src/resolve/export-session.js';
import { DiscordChannelSource } from '@platform/export/src/source/discord-channel-source.js';
import type { RenderOptions } from '@platform/export/src/writers/message-writer.js';
import type { ApiTarget, ExportFormatUnderTest } from './export-job.js';

/** What every run renders with: DCE's defaults, dates in UTC so runs compare byte for byte. */
export const BENCH_RENDER_OPTIONS: RenderOptions = { locale: 'en-US', utc: true, markdown: true };

/**
 * The channel's source as the CLI opens it for `format` with its default options: a session of its own
 * (guild, roles and members resolved once per run), reaction users only as the CLI would fetch them.
 */
export function openChannelSource(
  target: ApiTarget,
  rest: REST,
  format: ExportFormatUnderTest,
): Promise<DiscordChannelSource> {
  const session = new ExportSession(new ExportDiscordApi(rest));
  return DiscordChannelSource.open(session, target.channelId, {
    ...BENCH_RENDER_OPTIONS,
    reactionUsers: fetchesReactionUsers(parseExportOptions({ channels: [target.channelId], formats: [format] })),
  });
}
