import type { ExportMessage, MessageKind } from '../../model/export-document.js';
import { instantMillis, parseInstant } from '../date-format.js';
import { fullName } from '../full-name.js';

/** What the grouping rule needs of a message. */
export interface GroupingKey {
  authorId: string;
  authorFullName: string;
  millis: number;
  system: boolean;
  replyLike: boolean;
}

/** The first and the last message of the open group. */
export interface OpenGroup {
  first: GroupingKey;
  last: GroupingKey;
}

const systemKinds = new Set<MessageKind>([
  'RecipientAdd',
  'RecipientRemove',
  'Call',
  'ChannelNameChange',
  'ChannelIconChange',
  'ChannelPinnedMessage',
  'GuildMemberJoin',
  'ThreadCreated',
]);

/** DCE's MessageKind.IsSystemNotification: Discord's message types 1 to 18. */
export function isSystemNotification(kind: MessageKind): boolean {
  return typeof kind === 'number' ? kind >= 1 && kind <= 18 : systemKinds.has(kind);
}

/** DCE's Message.IsReplyLike: a reply, or a message an interaction (a slash command) made. */
export function isReplyLike(message: Pick<ExportMessage, 'type' | 'interaction'>): boolean {
  return message.type === 'Reply' || message.interaction !== undefined;
}

export function groupingKey(message: ExportMessage): GroupingKey {
  return {
    authorId: message.author.id,
    authorFullName: fullName(message.author),
    millis: instantMillis(parseInstant(message.timestamp)),
    system: isSystemNotification(message.type),
    replyLike: isReplyLike(message),
  };
}

/** Messages further apart than this start a new group. */
const groupWindowMillis = 7 * 60 * 1000;

/**
 * DCE's HtmlMessageWriter.CanJoinGroup, which follows Discord: a message joins the open group when
 * it is no reply (a reply shows its reference, so it starts a group), system notices group only with
 * system notices, and a normal message needs the same author under the same name within 7 minutes
 * of the group's last message. In reverse order, nothing joins a group that a reply started.
 */
export function canJoinGroup(group: OpenGroup | undefined, next: GroupingKey, reverse: boolean): boolean {
  if (!group) return true;
  if (next.replyLike) return false;
  if (reverse && group.first.replyLike) return false;
  const { last } = group;
  if (next.system || last.system) return next.system && last.system;
  return (
    Math.abs(next.millis - last.millis) <= groupWindowMillis &&
    next.authorId === last.authorId &&
    next.authorFullName === last.authorFullName
  );
}
