import type { Envelope } from '@platform/contracts';
import { describe, expect, it } from 'vitest';
import { applyRules, type CountingRules, DEFAULT_RULES } from '../src/ingest/counting-rules.js';
import { eventRows, InvalidEventError, snowflakeMs } from '../src/ingest/event-rows.js';

const RECEIVED = Date.UTC(2026, 11, 1, 12);
// A snowflake of 2026-12-01T11:00:00.123Z.
const MESSAGE_ID = ((BigInt(Date.UTC(2026, 11, 1, 11, 0, 0, 123) - 1_420_070_400_000) << 22n) + 5n).toString();

const envelope = (t: string, d: unknown, seq = 7): Envelope => ({
  v: 1,
  id: `${t}:x:${seq}`,
  t,
  shard: 0,
  seq,
  guildId: '10',
  receivedAt: RECEIVED,
  d,
});

const message = (extra: Record<string, unknown> = {}) => ({
  id: MESSAGE_ID,
  channel_id: '20',
  guild_id: '10',
  author: { id: '30', username: 'ann' },
  type: 0,
  content: 'hello <@31>',
  attachments: [{ id: '1' }, { id: '2' }],
  embeds: [],
  mentions: [{ id: '31' }],
  sticker_items: [{ id: '3', name: 's' }],
  timestamp: '2026-12-01T11:00:00.123000+00:00',
  ...extra,
});

const voice = (extra: Record<string, unknown> = {}) => ({
  guild_id: '10',
  channel_id: '40',
  user_id: '30',
  session_id: 'abc',
  self_mute: false,
  self_deaf: true,
  mute: true,
  deaf: false,
  self_stream: true,
  self_video: false,
  ...extra,
});

describe('eventRows', () => {
  it('reads a message in its own time (the snowflake), with its counts', () => {
    expect(snowflakeMs(MESSAGE_ID)).toBe(Date.UTC(2026, 11, 1, 11, 0, 0, 123));
    expect(eventRows(envelope('MESSAGE_CREATE', message()))).toEqual({
      type: 'MESSAGE_CREATE',
      ignored: null,
      rows: [
        {
          kind: 'message',
          guildId: '10',
          channelId: '20',
          messageId: MESSAGE_ID,
          authorId: '30',
          at: Date.UTC(2026, 11, 1, 11, 0, 0, 123),
          attachments: 2,
          embeds: 0,
          stickers: 1,
          mentions: 1,
          content: 'hello <@31>',
        },
      ],
    });
  });

  it('ignores bots (noting them), DMs, webhooks and system messages', () => {
    const bot = eventRows(envelope('MESSAGE_CREATE', message({ author: { id: '99', username: 'b', bot: true } })));
    expect(bot).toEqual({ type: 'MESSAGE_CREATE', ignored: 'bot', rows: [{ kind: 'bot', userId: '99' }] });
    expect(eventRows(envelope('MESSAGE_CREATE', message({ guild_id: undefined }))).ignored).toBe('dm');
    expect(eventRows(envelope('MESSAGE_CREATE', message({ webhook_id: '5' }))).ignored).toBe('not_counted');
    expect(eventRows(envelope('MESSAGE_CREATE', message({ type: 7 }))).ignored).toBe('not_counted');
    const reaction = eventRows(
      envelope('MESSAGE_REACTION_ADD', {
        user_id: '99',
        channel_id: '20',
        message_id: MESSAGE_ID,
        guild_id: '10',
        member: { user: { id: '99', bot: true }, roles: [] },
        emoji: { id: null, name: '👍' },
      }),
    );
    expect(reaction.ignored).toBe('bot');
  });

  it('counts an update as an edit only when it carries an edited_timestamp, at that time', () => {
    const edit = eventRows(
      envelope('MESSAGE_UPDATE', message({ edited_timestamp: '2026-12-01T11:30:00.000000+00:00' })),
    );
    expect(edit.rows).toEqual([
      {
        kind: 'edit',
        guildId: '10',
        channelId: '20',
        messageId: MESSAGE_ID,
        authorId: '30',
        at: Date.UTC(2026, 11, 1, 11, 30),
      },
    ]);
    expect(eventRows(envelope('MESSAGE_UPDATE', { id: MESSAGE_ID, channel_id: '20', guild_id: '10' })).ignored).toBe(
      'not_counted',
    );
  });

  it('turns a bulk deletion into one row per message, each knowing its own day', () => {
    const other = ((BigInt(Date.UTC(2026, 10, 20) - 1_420_070_400_000) << 22n) + 1n).toString();
    const rows = eventRows(
      envelope('MESSAGE_DELETE_BULK', { ids: [MESSAGE_ID, other], channel_id: '20', guild_id: '10' }),
    ).rows;
    expect(rows.map((r) => (r.kind === 'delete' ? [r.messageId, r.createdAt, r.at] : null))).toEqual([
      [MESSAGE_ID, Date.UTC(2026, 11, 1, 11, 0, 0, 123), RECEIVED],
      [other, Date.UTC(2026, 10, 20), RECEIVED],
    ]);
  });

  it('keys a custom emoji by name and id', () => {
    const rows = eventRows(
      envelope('MESSAGE_REACTION_ADD', {
        user_id: '31',
        channel_id: '20',
        message_id: MESSAGE_ID,
        guild_id: '10',
        message_author_id: '30',
        emoji: { id: '77', name: 'party' },
      }),
    ).rows;
    expect(rows).toEqual([
      {
        kind: 'reaction',
        guildId: '10',
        channelId: '20',
        messageId: MESSAGE_ID,
        userId: '31',
        authorId: '30',
        emoji: 'party:77',
        at: RECEIVED,
      },
    ]);
  });

  it('reads voice flags (self or server mute and deafen) and orders by the gateway sequence', () => {
    expect(eventRows(envelope('VOICE_STATE_UPDATE', voice(), 42)).rows).toEqual([
      {
        kind: 'voice',
        guildId: '10',
        userId: '30',
        channelId: '40',
        at: RECEIVED,
        ord: 42,
        muted: true,
        deafened: true,
        streaming: true,
        video: false,
      },
    ]);
  });

  it('reads a GUILD_CREATE as guild facts, members, bots and a voice snapshot without the bots', () => {
    const mapped = eventRows(
      envelope('GUILD_CREATE', {
        id: '10',
        afk_channel_id: '41',
        member_count: 3,
        members: [
          { user: { id: '30', username: 'a' }, roles: [] },
          { user: { id: '99', username: 'b', bot: true }, roles: [] },
        ],
        voice_states: [voice({ guild_id: undefined }), voice({ guild_id: undefined, user_id: '99' })],
      }),
    );
    expect(mapped.rows.map((r) => r.kind)).toEqual(['guild', 'member', 'bot', 'voiceSnapshot']);
    const snapshot = mapped.rows.find((r) => r.kind === 'voiceSnapshot');
    expect(snapshot?.kind === 'voiceSnapshot' && snapshot.states.map((s) => s.userId)).toEqual(['30']);
  });

  it('refuses a payload without a field it needs, naming the field', () => {
    expect(() => eventRows(envelope('MESSAGE_CREATE', message({ channel_id: 12 })))).toThrow(InvalidEventError);
    expect(() => eventRows(envelope('MESSAGE_CREATE', message({ channel_id: 12 })))).toThrow(/channel_id/);
    expect(() => eventRows(envelope('MESSAGE_DELETE', { id: '99999999999999999999', channel_id: '1' }))).toThrow(
      /snowflake/,
    );
  });
});

describe('applyRules', () => {
  const rules: CountingRules = {
    ...DEFAULT_RULES,
    excludedChannelIds: new Set(['21']),
    optedOutUserIds: new Set(['33']),
  };
  const rulesOf = () => rules;

  it('drops content unless the guild stores it, excluded channels and opted-out people', () => {
    const kept = applyRules(eventRows(envelope('MESSAGE_CREATE', message())), rulesOf, 0);
    expect(kept.outcome).toBe('counted');
    expect(kept.rows[0]?.kind === 'message' && kept.rows[0].content).toBeNull();
    const stored = applyRules(
      eventRows(envelope('MESSAGE_CREATE', message())),
      () => ({ ...rules, storeContent: true }),
      0,
    );
    expect(stored.rows[0]?.kind === 'message' && stored.rows[0].content).toBe('hello <@31>');
    expect(applyRules(eventRows(envelope('MESSAGE_CREATE', message({ channel_id: '21' }))), rulesOf, 0).outcome).toBe(
      'excluded',
    );
    const optedOut = message({ author: { id: '33', username: 'gone' } });
    expect(applyRules(eventRows(envelope('MESSAGE_CREATE', optedOut)), rulesOf, 0)).toEqual({
      rows: [],
      outcome: 'excluded',
    });
  });

  it('keeps a reaction to an opted-out author without naming the author', () => {
    const reaction = eventRows(
      envelope('MESSAGE_REACTION_ADD', {
        user_id: '31',
        channel_id: '20',
        message_id: MESSAGE_ID,
        guild_id: '10',
        message_author_id: '33',
        emoji: { id: null, name: '👍' },
      }),
    );
    const { rows } = applyRules(reaction, rulesOf, 0);
    expect(rows[0]?.kind === 'reaction' && rows[0].authorId).toBeNull();
  });

  it('drops what is older than the raw retention horizon', () => {
    const filtered = applyRules(eventRows(envelope('MESSAGE_CREATE', message())), rulesOf, RECEIVED);
    expect(filtered).toEqual({ rows: [], outcome: 'expired' });
  });
});
