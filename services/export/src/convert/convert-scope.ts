import type { APIGuildMember, APIRole, APIUser } from 'discord-api-types/v10';
import type { ChannelRef } from '../markdown/guild-directory.js';
import type { CdnUrls } from './cdn-urls.js';
import type { PlainTextFormatter } from './plain-text-content.js';

/**
 * What converting a message needs besides the message, resolved beforehand (once per export for
 * roles and channels, once per page for members), so that conversion itself is pure and synchronous.
 */
export interface ConvertScope {
  /** The guild's id, "0" for direct messages. */
  readonly guildId: string;
  /** The member of a user, if the guild has one (none in DMs). */
  member(userId: string): APIGuildMember | undefined;
  /** A user known without a member: for a bare `<@id>` whose user the message does not carry. */
  user(userId: string): APIUser | undefined;
  role(roleId: string): APIRole | undefined;
  /** A channel as a mention shows it; undefined for a deleted one. */
  channel(channelId: string): ChannelRef | undefined;
  readonly cdn: CdnUrls;
  /** `--utc`. */
  readonly utc: boolean;
  /** `--markdown`: content as DCE's plain-text rendering; raw when false. */
  readonly markdown: boolean;
  readonly text: PlainTextFormatter;
}
