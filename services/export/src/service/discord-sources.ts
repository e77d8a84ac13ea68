import type { REST } from '@discordjs/rest';
import { ExportDiscordApi } from '../discord/export-discord-api.js';
import type { ChannelMessageSource } from '../engine/channel-message-source.js';
import { fetchesReactionUsers } from '../options/export-options.js';
import { ExportSession } from '../resolve/export-session.js';
import { selectedExportChannels } from '../source/channel-listing.js';
import { DiscordChannelSource } from '../source/discord-channel-source.js';
import type { ExportJob } from './export-job.js';

/**
 * The job's channels read from Discord through rest-proxy, as `export -c` selects them: a category
 * stands for its channels, threads are added as `includeThreads` says, forums give their posts. One
 * session per job, so its guild, channels and members are fetched once however many channels it has.
 * `exportedAt` is the job's creation, so a resumed attempt renders relative timestamps as the first did.
 */
export function openDiscordSources(rest: REST) {
  const api = new ExportDiscordApi(rest);
  return async function openSources(job: ExportJob): Promise<ChannelMessageSource[]> {
    const session = new ExportSession(api);
    const { options } = job;
    const range = {
      ...(options.after ? { after: options.after } : {}),
      ...(options.before ? { before: options.before } : {}),
    };
    const channels = await selectedExportChannels(session, options.channels, {
      includeThreads: options.includeThreads,
      range,
    });
    const sourceOptions = {
      locale: options.locale ?? 'en-US',
      utc: options.utc,
      markdown: options.markdown,
      reactionUsers: fetchesReactionUsers(options),
      exportedAt: job.createdAt,
    };
    const sources: ChannelMessageSource[] = [];
    for (const channel of channels) sources.push(await DiscordChannelSource.open(session, channel, sourceOptions));
    return sources;
  };
}
