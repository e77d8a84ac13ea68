import type { APIChannel, APIRole } from 'discord-api-types/v10';
import type { ChannelRef } from '../markdown/guild-directory.js';
import type { ExportGuild } from '../model/export-document.js';

/** A guild with what every channel export of it shares: fetched once per run. */
export interface ResolvedGuild {
  readonly guild: ExportGuild;
  /** Its channels (threads aside) in DCE's order: by position, then by id. */
  readonly channels: readonly APIChannel[];
  readonly roles: ReadonlyMap<string, APIRole>;
  /** Channels by id as mentions show them, threads met since included. */
  readonly channelRefs: Map<string, ChannelRef | undefined>;
  /** Discord's approximate count of its members, when it gave one. */
  readonly memberCount?: number;
}

const byId = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/** DCE's order of a guild's channels: Discord's position, then creation. */
export function sortChannels(channels: readonly APIChannel[]): APIChannel[] {
  const position = (channel: APIChannel) => ('position' in channel ? channel.position : 0);
  return channels.toSorted((a, b) => position(a) - position(b) || byId(a.id, b.id));
}
