import type { MessageKind } from '../model/export-document.js';

/** The kinds DCE's MessageKind enum names; any other is written as its number. */
const namedKinds: Readonly<Record<number, MessageKind>> = {
  0: 'Default',
  1: 'RecipientAdd',
  2: 'RecipientRemove',
  3: 'Call',
  4: 'ChannelNameChange',
  5: 'ChannelIconChange',
  6: 'ChannelPinnedMessage',
  7: 'GuildMemberJoin',
  18: 'ThreadCreated',
  19: 'Reply',
};

export const toMessageKind = (type: number): MessageKind => namedKinds[type] ?? type;

/** DCE's system notices (kinds 1 to 18), whose content is its own sentence rather than the message's text. */
export const isSystemNotice = (type: number): boolean => type >= 1 && type <= 18;
