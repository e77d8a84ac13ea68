import { describe, expect, it } from 'vitest';
import type { ExportMessage } from '../src/model/export-document.js';
import { canJoinGroup, type GroupingKey, groupingKey } from '../src/writers/html/message-grouping.js';
import { author } from './export-fixtures.js';
import { attr, byClass, elements, text } from './html-dom.js';
import { exportDocument, messageAt } from './html-fixtures.js';
import { mentioned } from './markdown-fixtures.js';

const ordinals = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth'];

/** The ids of the messages of each group of an export, in order. */
async function groupsOf(
  messages: ExportMessage[],
  options: Parameters<typeof exportDocument>[1] = {},
): Promise<string[][]> {
  const document = await exportDocument(messages, options);
  return byClass(document, 'chatlog__message-group').map((group) =>
    elements(group)
      .map((element) => attr(element, 'data-message-id'))
      .filter((id): id is string => id !== undefined),
  );
}

const key = (overrides: Partial<GroupingKey> = {}): GroupingKey => ({
  authorId: '1',
  authorFullName: 'tyrrrz',
  millis: 0,
  system: false,
  replyLike: false,
  ...overrides,
});
const open = (first: GroupingKey, last = first) => ({ first, last });
const minutes = (count: number) => count * 60_000;

describe('canJoinGroup (DCE HtmlMessageWriter.CanJoinGroup)', () => {
  it('lets the same author join within 7 minutes of the last message, not after', () => {
    expect(canJoinGroup(open(key()), key({ millis: minutes(7) }), false)).toBe(true);
    expect(canJoinGroup(open(key()), key({ millis: minutes(7) + 1 }), false)).toBe(false);
    // Measured from the group's last message, not its first.
    expect(canJoinGroup(open(key(), key({ millis: minutes(6) })), key({ millis: minutes(13) }), false)).toBe(true);
  });

  it('splits on another author, or on the same author under a new name', () => {
    expect(canJoinGroup(open(key()), key({ authorId: '2' }), false)).toBe(false);
    expect(canJoinGroup(open(key()), key({ authorFullName: 'renamed' }), false)).toBe(false);
  });

  it('starts a group with every reply, and groups system notices only with system notices', () => {
    expect(canJoinGroup(open(key()), key({ replyLike: true }), false)).toBe(false);
    expect(
      canJoinGroup(open(key({ system: true })), key({ system: true, authorId: '2', millis: minutes(60) }), false),
    ).toBe(true);
    expect(canJoinGroup(open(key({ system: true })), key(), false)).toBe(false);
    expect(canJoinGroup(open(key()), key({ system: true }), false)).toBe(false);
  });

  it('in reverse order, lets nothing join a group a reply started', () => {
    const startedByReply = open(key({ replyLike: true }));
    expect(canJoinGroup(startedByReply, key(), false)).toBe(true);
    expect(canJoinGroup(startedByReply, key(), true)).toBe(false);
  });

  it('reads the key from a message: author, full name, time, kind', () => {
    const message = { ...messageAt('1', 'x', 2), type: 'GuildMemberJoin' as const };
    expect(groupingKey(message)).toEqual({
      authorId: author.id,
      authorFullName: 'tyrrrz',
      millis: Date.UTC(2021, 6, 19, 13, 2),
      system: true,
      replyLike: false,
    });
    expect(groupingKey({ ...message, type: 14 }).system).toBe(true);
    expect(groupingKey({ ...message, type: 19 }).system).toBe(false);
  });
});

describe('HtmlWriter groups messages as Discord does', () => {
  it('puts fifteen messages into two groups when the eleventh comes after a pause (DCE GroupingSpecs)', async () => {
    const messages = [
      ...ordinals.map((word, index) => messageAt(String(index + 1), word, index)),
      ...['Eleventh', 'Twelfth', 'Thirteenth', 'Fourteenth', 'Fifteenth'].map((word, index) =>
        messageAt(String(index + 11), word, 20 + index),
      ),
    ];
    const groups = await groupsOf(messages);
    expect(groups).toEqual([
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
      ['11', '12', '13', '14', '15'],
    ]);
  });

  it('shows the author once per group', async () => {
    const document = await exportDocument([
      messageAt('1', 'a', 0),
      messageAt('2', 'b', 1),
      messageAt('3', 'c', 2, mentioned),
    ]);
    expect(byClass(document, 'chatlog__author').map(text)).toEqual(['Tyrrrz', 'Nick Name']);
  });

  it('starts a group at a reply and at a change of author', async () => {
    const reply: ExportMessage = {
      ...messageAt('3', 'reply', 2),
      type: 'Reply',
      reference: { type: 'Default', messageId: '1', channelId: null, guildId: null },
    };
    const groups = await groupsOf([
      messageAt('1', 'a', 0),
      messageAt('2', 'b', 1, mentioned),
      reply,
      messageAt('4', 'c', 3),
    ]);
    expect(groups).toEqual([['1'], ['2'], ['3', '4']]);
  });

  it('in reverse order keeps a reply alone in its group', async () => {
    const reply: ExportMessage = {
      ...messageAt('3', 'reply', 2),
      type: 'Reply',
      reference: { type: 'Default', messageId: '1', channelId: null, guildId: null },
    };
    const newestFirst = [messageAt('4', 'c', 3), reply, messageAt('2', 'b', 1), messageAt('1', 'a', 0)];
    expect(await groupsOf(newestFirst, { reverse: true })).toEqual([['4'], ['3'], ['2', '1']]);
    expect(await groupsOf(newestFirst)).toEqual([['4'], ['3', '2', '1']]);
  });

  it('with date separators, marks each new day and starts a group there', async () => {
    const lateNight = messageAt('1', 'late', 10 * 60 + 58); // 23:58 UTC
    const pastMidnight = messageAt('2', 'early', 11 * 60 + 1); // 00:01 UTC the next day
    expect(await groupsOf([lateNight, pastMidnight])).toEqual([['1', '2']]);
    const document = await exportDocument([lateNight, pastMidnight], { dateSeparators: true });
    expect(byClass(document, 'chatlog__date-separator').map(text)).toEqual(['July 19, 2021', 'July 20, 2021']);
    expect(byClass(document, 'chatlog__message-group')).toHaveLength(2);
  });
});
