import {
  type APIInteraction,
  type APIMessage,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { caught, type Fixture, fixture } from './fixtures.js';

type InteractionInput = Omit<APIInteraction, 'id' | 'token' | 'version'>;

function base(f: Fixture, type: InteractionType, extra: object): InteractionInput {
  const app = f.world.bots[0]?.application.id ?? '';
  const general = f.channel('general');
  const member = f.world.member(f.guildId, f.ordinaryUserId());
  return {
    type,
    application_id: app,
    guild_id: f.guildId,
    channel: { id: general.id, type: general.type },
    channel_id: general.id,
    member: { ...member, permissions: '0' },
    app_permissions: '0',
    locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: {},
    attachment_size_limit: 10_000_000,
    ...extra,
  } as unknown as InteractionInput;
}

function slash(f: Fixture): APIInteraction {
  return f.world.createInteraction(
    base(f, InteractionType.ApplicationCommand, {
      data: { id: '1', name: 'stats', type: ApplicationCommandType.ChatInput },
    }),
  );
}

function button(f: Fixture, message: APIMessage): APIInteraction {
  return f.world.createInteraction(
    base(f, InteractionType.MessageComponent, {
      message,
      data: { custom_id: 'stats:next', component_type: ComponentType.Button },
    }),
  );
}

describe('interactions', () => {
  it('dispatches INTERACTION_CREATE to the application only, with a token', () => {
    const f = fixture();
    const i = slash(f);
    expect(i.token.length).toBeGreaterThan(20);
    expect(i.version).toBe(1);
    expect(f.dispatches.at(-1)).toMatchObject({
      t: 'INTERACTION_CREATE',
      applicationId: i.application_id,
      guildId: f.guildId,
      d: { id: i.id },
    });
  });

  it('answers with a message from the bot, as the application webhook, and refuses a second answer', () => {
    const f = fixture();
    const i = slash(f);
    f.clock.advance(2_900);
    const message = f.world.respondToInteraction(i.id, i.token, { type: 4, data: { content: 'here are your stats' } });
    expect(message).toMatchObject({
      content: 'here are your stats',
      type: MessageType.ChatInputCommand,
      author: { id: f.world.bots[0]?.user.id, bot: true },
      webhook_id: i.application_id,
      application_id: i.application_id,
      interaction_metadata: { id: i.id, type: InteractionType.ApplicationCommand, user: { id: i.member?.user.id } },
    });
    expect(f.world.message(i.channel_id ?? '', message?.id ?? '')?.content).toBe('here are your stats');
    expect(f.dispatches.at(-1)?.t).toBe('MESSAGE_CREATE');
    expect(
      caught(() => f.world.respondToInteraction(i.id, i.token, { type: 4, data: { content: 'again' } })),
    ).toMatchObject({
      status: 400,
      code: 40060,
      message: 'Interaction has already been acknowledged.',
    });
    expect(f.world.originalResponse(i.application_id, i.token).id).toBe(message?.id);
  });

  it('forgets an interaction not answered within 3 seconds, or with a wrong token', () => {
    const f = fixture();
    const i = slash(f);
    expect(caught(() => f.world.respondToInteraction(i.id, 'wrong', { type: 5 }))).toMatchObject({
      status: 404,
      code: 10062,
    });
    f.clock.advance(3_001);
    expect(caught(() => f.world.respondToInteraction(i.id, i.token, { type: 5 }))).toMatchObject({
      status: 404,
      code: 10062,
      message: 'Unknown interaction',
    });
  });

  it('validates the callback type', () => {
    const f = fixture();
    const i = slash(f);
    expect(caught(() => f.world.respondToInteraction(i.id, i.token, { type: 3 })).code).toBe(50035);
    expect(caught(() => f.world.respondToInteraction(i.id, i.token, { type: 6 })).code).toBe(50035);
    expect(caught(() => f.world.respondToInteraction(i.id, i.token, { type: 4, data: {} })).code).toBe(50006);
    expect(
      f.world.respondToInteraction(i.id, i.token, { type: 9, data: { custom_id: 'm', title: 'Form', components: [] } }),
    ).toBeUndefined();
  });

  it('completes a deferred response by editing the original, then sends follow-ups', () => {
    const f = fixture();
    const i = slash(f);
    const loading = f.world.respondToInteraction(i.id, i.token, { type: 5 });
    expect((loading?.flags ?? 0) & MessageFlags.Loading).toBe(MessageFlags.Loading);
    f.clock.advance(10_000);
    const done = f.world.editOriginalResponse(i.application_id, i.token, { content: 'done after 10 s' });
    expect(done.id).toBe(loading?.id);
    expect((done.flags ?? 0) & MessageFlags.Loading).toBe(0);
    expect(f.world.originalResponse(i.application_id, i.token).content).toBe('done after 10 s');
    const follow = f.world.createFollowUp(i.application_id, i.token, { content: 'one more thing' });
    expect(follow.id).not.toBe(done.id);
    expect(follow).toMatchObject({ webhook_id: i.application_id, interaction_metadata: { id: i.id } });
    f.world.deleteOriginalResponse(i.application_id, i.token);
    expect(f.world.message(done.channel_id, done.id)).toBeUndefined();
    f.clock.advance(15 * 60_000);
    expect(caught(() => f.world.originalResponse(i.application_id, i.token)).code).toBe(50027);
    expect(caught(() => f.world.createFollowUp('1', i.token, { content: 'x' })).code).toBe(10015);
  });

  it('lets the first follow-up complete a deferred response', () => {
    const f = fixture();
    const i = slash(f);
    const loading = f.world.respondToInteraction(i.id, i.token, { type: 5 });
    const follow = f.world.createFollowUp(i.application_id, i.token, { content: 'finished' });
    expect(follow.id).toBe(loading?.id);
    expect(follow.content).toBe('finished');
  });

  it('keeps ephemeral responses out of the channel', () => {
    const f = fixture();
    const i = slash(f);
    const count = f.world.messageCount(i.channel_id ?? '');
    const events = f.dispatches.length;
    const message = f.world.respondToInteraction(i.id, i.token, { type: 4, data: { content: 'secret', flags: 64 } });
    expect(message?.flags).toBe(MessageFlags.Ephemeral);
    expect(f.world.messageCount(i.channel_id ?? '')).toBe(count);
    expect(f.dispatches.length).toBe(events);
    expect(f.world.editOriginalResponse(i.application_id, i.token, { content: 'still secret' }).content).toBe(
      'still secret',
    );
  });

  it('updates the message of a component', () => {
    const f = fixture();
    const bot = f.world.bots[0]?.user.id ?? '';
    const board = f.world.createMessage(f.channel('general').id, bot, { content: 'page 1' });
    const i = button(f, board);
    const updated = f.world.respondToInteraction(i.id, i.token, { type: 7, data: { content: 'page 2' } });
    expect(updated?.id).toBe(board.id);
    expect(f.world.message(board.channel_id, board.id)?.content).toBe('page 2');
    const j = button(f, board);
    f.world.respondToInteraction(j.id, j.token, { type: 6 });
    expect(f.world.editOriginalResponse(j.application_id, j.token, { content: 'page 3' }).id).toBe(board.id);
  });
});
