import { InteractionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { COMMAND_OWNERS, customId, parseCustomId, routeInteraction, SERVICE_NAMES } from '../src/index.js';

describe('routeInteraction', () => {
  it('routes slash commands and autocomplete by command name', () => {
    expect(routeInteraction({ type: InteractionType.ApplicationCommand, data: { name: 'leaderboard' } })).toEqual({
      service: 'stats',
      kind: 'command',
    });
    expect(
      routeInteraction({ type: InteractionType.ApplicationCommandAutocomplete, data: { name: 'reserve' } }),
    ).toEqual({
      service: 'lending',
      kind: 'autocomplete',
    });
    expect(routeInteraction({ type: InteractionType.ApplicationCommand, data: { name: 'nope' } })).toBeNull();
  });

  it('routes components and modals by custom_id prefix, unprefixed ones to collectors', () => {
    expect(
      routeInteraction({ type: InteractionType.MessageComponent, data: { custom_id: 'lending:return:42' } }),
    ).toEqual({
      service: 'lending',
      kind: 'component',
    });
    expect(routeInteraction({ type: InteractionType.ModalSubmit, data: { custom_id: 'export:form' } })).toEqual({
      service: 'export',
      kind: 'modal',
    });
    expect(routeInteraction({ type: InteractionType.MessageComponent, data: { custom_id: 'confirm' } })).toEqual({
      service: 'collectors',
      kind: 'component',
    });
  });

  it('leaves pings to the receiver', () => {
    expect(routeInteraction({ type: InteractionType.Ping })).toBeNull();
  });

  it('only names services that exist', () => {
    for (const owner of Object.values(COMMAND_OWNERS)) expect(SERVICE_NAMES).toContain(owner);
  });
});

describe('customId', () => {
  it('round-trips through parseCustomId', () => {
    expect(parseCustomId(customId('lending', 'return', '42'))).toEqual({ service: 'lending', parts: ['return', '42'] });
    expect(parseCustomId('plain')).toEqual({ service: null, parts: ['plain'] });
  });

  it('refuses ids longer than Discord allows', () => {
    expect(() => customId('stats', 'x'.repeat(100))).toThrow(/100/);
  });
});
