import type { ChannelMessageSource } from '../engine/channel-message-source.js';
import { localizeHeader, type MediaTarget } from './localize-media.js';

/**
 * The source with the guild's icon (and a group DM's) downloaded for `--media`, so the header the
 * engine builds from it points at the local file; its pages are the source's own.
 */
export async function withLocalIcons(source: ChannelMessageSource, target: MediaTarget): Promise<ChannelMessageSource> {
  const { guild, channel } = await localizeHeader(
    { guild: source.guild, channel: source.channel, dateRange: { after: null, before: null }, exportedAt: '' },
    target,
  );
  return { guild, channel, pages: (range) => source.pages(range) };
}
