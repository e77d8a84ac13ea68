import type {
  APIInteraction,
  GatewayGuildCreateDispatchData,
  GatewayGuildMemberAddDispatchData,
  GatewayMessageCreateDispatchData,
  GatewayMessageDeleteDispatchData,
  GatewayMessageReactionAddDispatchData,
  GatewayVoiceState,
} from 'discord-api-types/v10';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type GuildCreate,
  type GuildMemberAdd,
  type Interaction,
  type MessageCreate,
  type MessageDelete,
  messageCreateSchema,
  type ReactionEvent,
  type VoiceState,
} from '../src/index.js';

/** Our schemas keep unknown keys (an index signature); compare only the keys they name. */
type Named<T> = T extends readonly (infer U)[]
  ? Named<U>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: Named<T[K]> }
    : T;

describe('payload schemas', () => {
  it('read no field Discord does not send, with compatible types (checked by tsc)', () => {
    expectTypeOf<GatewayMessageCreateDispatchData>().toExtend<Named<MessageCreate>>();
    expectTypeOf<GatewayMessageDeleteDispatchData>().toExtend<Named<MessageDelete>>();
    expectTypeOf<GatewayMessageReactionAddDispatchData>().toExtend<Named<ReactionEvent>>();
    expectTypeOf<GatewayVoiceState>().toExtend<Named<VoiceState>>();
    expectTypeOf<GatewayGuildMemberAddDispatchData>().toExtend<Named<GuildMemberAdd>>();
    expectTypeOf<GatewayGuildCreateDispatchData>().toExtend<Named<GuildCreate>>();
    expectTypeOf<APIInteraction>().toExtend<Named<Interaction>>();
  });

  it('keeps fields it does not name and rejects a malformed id', () => {
    const message = {
      id: '1',
      channel_id: '2',
      author: { id: '3', username: 'a' },
      content: 'hi',
      timestamp: '2024-01-01T00:00:00Z',
      edited_timestamp: null,
      type: 0,
      pinned: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      flags: 4,
    };
    expect(messageCreateSchema.parse(message)).toMatchObject({ flags: 4 });
    const bad = messageCreateSchema.safeParse({ ...message, id: 'abc' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['id']);
  });
});
