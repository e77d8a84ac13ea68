import { ApplicationFlags, GatewayIntentBits as I } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { disallowedIntents, KNOWN_INTENTS, requiredIntent } from '../../src/gateway/intents.js';

describe('requiredIntent', () => {
  it.each([
    ['MESSAGE_CREATE', true, I.GuildMessages],
    ['MESSAGE_CREATE', false, I.DirectMessages],
    ['MESSAGE_UPDATE', true, I.GuildMessages],
    ['MESSAGE_DELETE', false, I.DirectMessages],
    ['MESSAGE_DELETE_BULK', true, I.GuildMessages],
    ['MESSAGE_REACTION_ADD', true, I.GuildMessageReactions],
    ['MESSAGE_REACTION_REMOVE', false, I.DirectMessageReactions],
    ['MESSAGE_REACTION_REMOVE_ALL', true, I.GuildMessageReactions],
    ['MESSAGE_REACTION_REMOVE_EMOJI', true, I.GuildMessageReactions],
    ['TYPING_START', true, I.GuildMessageTyping],
    ['TYPING_START', false, I.DirectMessageTyping],
    ['VOICE_STATE_UPDATE', true, I.GuildVoiceStates],
    ['GUILD_MEMBER_ADD', true, I.GuildMembers],
    ['GUILD_MEMBER_UPDATE', true, I.GuildMembers],
    ['GUILD_MEMBER_REMOVE', true, I.GuildMembers],
    ['PRESENCE_UPDATE', true, I.GuildPresences],
    ['CHANNEL_CREATE', true, I.Guilds],
    ['CHANNEL_UPDATE', true, I.Guilds],
    ['CHANNEL_DELETE', true, I.Guilds],
    ['THREAD_CREATE', true, I.Guilds],
    ['THREAD_UPDATE', true, I.Guilds],
    ['THREAD_DELETE', true, I.Guilds],
    ['CHANNEL_PINS_UPDATE', true, I.Guilds],
    ['CHANNEL_PINS_UPDATE', false, I.DirectMessages],
    ['GUILD_CREATE', true, I.Guilds],
    ['MESSAGE_POLL_VOTE_ADD', false, I.DirectMessagePolls],
  ])('%s (in a guild: %s) needs intent %i', (t, inGuild, intent) => {
    expect(requiredIntent(t, inGuild)).toBe(intent);
  });

  it.each(['INTERACTION_CREATE', 'READY', 'RESUMED', 'GUILD_MEMBERS_CHUNK', 'USER_UPDATE'])(
    '%s needs no intent',
    (t) => {
      expect(requiredIntent(t, true)).toBe(0);
      expect(requiredIntent(t, false)).toBe(0);
    },
  );
});

describe('KNOWN_INTENTS', () => {
  it('covers every defined bit and nothing else', () => {
    expect(KNOWN_INTENTS & I.MessageContent).toBe(I.MessageContent);
    expect(KNOWN_INTENTS & I.DirectMessagePolls).toBe(I.DirectMessagePolls);
    expect(KNOWN_INTENTS & (1 << 17)).toBe(0);
    expect(KNOWN_INTENTS & (1 << 30)).toBe(0);
  });
});

describe('disallowedIntents', () => {
  const privileged = I.GuildMembers | I.GuildPresences | I.MessageContent;

  it('refuses privileged intents the application lacks', () => {
    expect(disallowedIntents(privileged | I.Guilds, 0)).toBe(privileged);
    expect(disallowedIntents(I.Guilds | I.GuildMessages, 0)).toBe(0);
  });

  it('accepts the full or the limited application flag', () => {
    const flags =
      ApplicationFlags.GatewayGuildMembers |
      ApplicationFlags.GatewayPresenceLimited |
      ApplicationFlags.GatewayMessageContentLimited;
    expect(disallowedIntents(privileged, flags)).toBe(0);
    expect(disallowedIntents(privileged, ApplicationFlags.GatewayGuildMembers)).toBe(
      I.GuildPresences | I.MessageContent,
    );
  });
});
