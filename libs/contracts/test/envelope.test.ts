import { describe, expect, it } from 'vitest';
import { dedupeId, envelopeSchema, guildIdOf } from '../src/index.js';

const origin = { sessionId: 'abc', seq: 17 };

describe('dedupeId', () => {
  it('keys messages and interactions by their own id, whatever the session', () => {
    expect(dedupeId('MESSAGE_CREATE', { id: '5' }, origin)).toBe('MESSAGE_CREATE:5');
    expect(dedupeId('MESSAGE_CREATE', { id: '5' }, { sessionId: 'other', seq: 1 })).toBe('MESSAGE_CREATE:5');
    expect(dedupeId('INTERACTION_CREATE', { id: '9' }, null)).toBe('INTERACTION_CREATE:9');
  });

  it('keys an edit by message and edit time, so two edits stay two events', () => {
    const first = dedupeId('MESSAGE_UPDATE', { id: '5', edited_timestamp: '2024-01-01T00:00:00Z' }, origin);
    const second = dedupeId('MESSAGE_UPDATE', { id: '5', edited_timestamp: '2024-01-01T00:01:00Z' }, origin);
    expect(first).not.toBe(second);
  });

  it('keys a member join by guild, user and join time', () => {
    const d = { guild_id: '1', user: { id: '2' }, joined_at: '2024-01-01T00:00:00Z' };
    expect(dedupeId('GUILD_MEMBER_ADD', d, origin)).toBe('GUILD_MEMBER_ADD:1:2:2024-01-01T00:00:00Z');
  });

  it('falls back to session and sequence for events without an identity', () => {
    expect(dedupeId('MESSAGE_REACTION_ADD', { user_id: '1' }, origin)).toBe('MESSAGE_REACTION_ADD:abc:17');
    expect(dedupeId('MESSAGE_UPDATE', { id: '5', edited_timestamp: null }, origin)).toBe('MESSAGE_UPDATE:abc:17');
    expect(() => dedupeId('TYPING_START', {}, null)).toThrow(/no identity/);
  });
});

describe('guildIdOf', () => {
  it('reads the guild of guild objects from id and of other events from guild_id', () => {
    expect(guildIdOf('GUILD_CREATE', { id: '7' })).toBe('7');
    expect(guildIdOf('GUILD_MEMBER_ADD', { guild_id: '8', id: 'x' })).toBe('8');
    expect(guildIdOf('MESSAGE_CREATE', { id: '1', channel_id: '2' })).toBeNull();
  });
});

describe('envelopeSchema', () => {
  it('accepts a well-formed envelope and rejects a wrong version', () => {
    const envelope = {
      v: 1,
      id: 'MESSAGE_CREATE:1',
      t: 'MESSAGE_CREATE',
      shard: 0,
      seq: 3,
      guildId: '1',
      receivedAt: 1,
      d: {},
    };
    expect(envelopeSchema.parse(envelope)).toEqual(envelope);
    expect(envelopeSchema.safeParse({ ...envelope, v: 2 }).success).toBe(false);
  });
});
