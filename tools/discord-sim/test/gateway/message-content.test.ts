import { describe, expect, it } from 'vitest';
import {
  carriesMessageContent,
  contentVisibleWithoutIntent,
  withoutMessageContent,
} from '../../src/gateway/message-content.js';

const BOT = '900000000000000001';
const message = {
  id: '1',
  guild_id: '2',
  channel_id: '3',
  author: { id: '4' },
  mentions: [] as { id: string }[],
  content: 'secret',
  embeds: [{ title: 'e' }],
  attachments: [{ id: 'a' }],
  components: [{ type: 1 }],
  poll: { question: { text: 'q' } },
  timestamp: '2026-01-01T00:00:00.000Z',
};

describe('MESSAGE_CONTENT', () => {
  it('gates message create and update only', () => {
    expect(carriesMessageContent('MESSAGE_CREATE')).toBe(true);
    expect(carriesMessageContent('MESSAGE_UPDATE')).toBe(true);
    expect(carriesMessageContent('MESSAGE_DELETE')).toBe(false);
    expect(carriesMessageContent('INTERACTION_CREATE')).toBe(false);
  });

  it('hides content of guild messages by others that do not mention the bot', () => {
    expect(contentVisibleWithoutIntent(message, BOT)).toBe(false);
  });

  it('shows content in DMs, in the bot own messages and when the bot is mentioned', () => {
    const { guild_id: _, ...dm } = message;
    expect(contentVisibleWithoutIntent(dm, BOT)).toBe(true);
    expect(contentVisibleWithoutIntent({ ...message, author: { id: BOT } }, BOT)).toBe(true);
    expect(contentVisibleWithoutIntent({ ...message, mentions: [{ id: BOT }] }, BOT)).toBe(true);
  });

  it('empties content, embeds, attachments, components and drops the poll, keeping the rest', () => {
    const stripped = withoutMessageContent(message);
    expect(stripped).toEqual({
      ...message,
      content: '',
      embeds: [],
      attachments: [],
      components: [],
      poll: undefined,
    });
    expect('poll' in stripped).toBe(false);
    expect(message.content).toBe('secret');
  });
});
