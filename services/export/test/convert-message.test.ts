import { createWorld } from '@platform/discord-sim';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { CdnUrls } from '../src/convert/cdn-urls.js';
import { toChannelRef } from '../src/convert/convert-channel.js';
import { toExportMessage } from '../src/convert/convert-message.js';
import type { ConvertScope } from '../src/convert/convert-scope.js';
import { PlainTextFormatter } from '../src/convert/plain-text-content.js';
import { exportScenario, simHistory } from './discord-sim-harness.js';

const world = createWorld(exportScenario);
const guildId = world.guildIds()[0] as string;
const channels = world.channels(guildId);
const general = channels.find((c) => c.name === 'general') as (typeof channels)[number];
const lounge = channels.find((c) => c.name === 'Lounge') as (typeof channels)[number];
const roles = world.roles(guildId);
const history = simHistory(world, general.id);

function scopeOf(overrides: Partial<ConvertScope> = {}): ConvertScope {
  return {
    guildId,
    member: (id) => world.member(guildId, id),
    user: (id) => world.user(id),
    role: (id) => roles.find((r) => r.id === id),
    channel: (id) => {
      const channel = world.channel(id);
      return channel && toChannelRef(channel);
    },
    cdn: new CdnUrls(),
    utc: true,
    markdown: true,
    text: new PlainTextFormatter({ locale: 'en-US', utc: true }, Date.parse('2026-01-01T00:00:00Z')),
    ...overrides,
  };
}

const base = (overrides: Partial<APIMessage>): APIMessage => ({ ...(history[1] as APIMessage), ...overrides });

describe('toExportMessage on the simulator’s messages', () => {
  it('fills users from their members: nickname, colour of the highest coloured role, roles highest first', () => {
    const withRoles = history.find((m) => (world.member(guildId, m.author.id)?.roles.length ?? 0) > 0) as APIMessage;
    const member = world.member(guildId, withRoles.author.id);
    const exported = toExportMessage(withRoles, scopeOf());
    const memberRoles = roles.filter((r) => member?.roles.includes(r.id)).sort((a, b) => b.position - a.position);
    expect(exported.author).toEqual({
      id: withRoles.author.id,
      name: withRoles.author.username,
      discriminator: '0000',
      nickname: member?.nick ?? withRoles.author.global_name ?? withRoles.author.username,
      color: memberRoles.map((r) => r.color).find((c) => c > 0)
        ? `#${(memberRoles.map((r) => r.color).find((c) => c > 0) as number).toString(16).toUpperCase().padStart(6, '0')}`
        : null,
      isBot: false,
      roles: memberRoles.map((r) => ({
        id: r.id,
        name: r.name,
        color: r.color ? `#${r.color.toString(16).toUpperCase().padStart(6, '0')}` : null,
        position: r.position,
      })),
      avatarUrl: `https://cdn.discordapp.com/avatars/${withRoles.author.id}/${withRoles.author.avatar}.png?size=512`,
    });
    expect(exported.author.color).not.toBeUndefined();
  });

  it('keeps the simulator’s ids, dates, attachments, reactions, stickers, references and kinds', () => {
    for (const message of history) {
      const exported = toExportMessage(message, scopeOf());
      expect(exported.id).toBe(message.id);
      expect(Date.parse(exported.timestamp)).toBe(Date.parse(message.timestamp));
      expect(exported.timestamp.endsWith('+00:00')).toBe(true);
      expect(exported.isPinned).toBe(message.pinned);
      expect(exported.attachments).toEqual(
        message.attachments.map((a) => ({ id: a.id, url: a.url, fileName: a.filename, fileSizeBytes: a.size })),
      );
      expect(exported.reactions.map((r) => [r.emoji.name, r.count])).toEqual(
        (message.reactions ?? []).map((r) => [r.emoji.name, r.count]),
      );
      expect(exported.stickers.map((s) => s.id)).toEqual((message.sticker_items ?? []).map((s) => s.id));
      expect(exported.mentions.map((u) => u.id)).toEqual(message.mentions.map((u) => u.id));
      expect(exported.reference?.messageId ?? null).toBe(message.message_reference?.message_id ?? null);
      expect(exported.type).toBe(
        ({ 0: 'Default', 6: 'ChannelPinnedMessage', 7: 'GuildMemberJoin', 18: 'ThreadCreated', 19: 'Reply' } as const)[
          message.type as 0
        ] ?? message.type,
      );
    }
  });

  it('renders content as DCE’s plain text: mentions by nickname, roles, channels, custom emoji', () => {
    const mentioned = history.find((m) => m.mentions.length > 0 && m.content.includes('<@')) as APIMessage;
    const exported = toExportMessage(mentioned, scopeOf());
    for (const user of mentioned.mentions) {
      const member = world.member(guildId, user.id);
      expect(exported.content).toContain(`@${member?.nick ?? user.global_name ?? user.username}`);
    }
    expect(exported.content).not.toMatch(/<@!?\d+>/);
    const role = roles.find((r) => r.name === 'Mods');
    const text = `hi <@&${role?.id}> in <#${general.id}> and <#${lounge.id}> <:blob:1312931184815276036> **bold** <@!${mentioned.mentions[0]?.id}>`;
    const content = toExportMessage(base({ content: text, type: 0 }), scopeOf()).content;
    const user = mentioned.mentions[0] as APIUser;
    const nick = world.member(guildId, user.id)?.nick ?? user.global_name ?? user.username;
    expect(content).toBe(`hi @Mods in #general and #Lounge [voice] :blob: **bold** @${nick}`);
  });

  it('writes unknown users, roles and channels as DCE does, and the raw text with markdown off', () => {
    const text = '<@1000000000000000001> <@&1000000000000000002> <#1000000000000000003>';
    const unknown = scopeOf({
      member: () => undefined,
      user: () => undefined,
      role: () => undefined,
      channel: () => undefined,
    });
    expect(toExportMessage(base({ content: text, type: 0 }), unknown).content).toBe(
      '@Unknown @deleted-role #deleted-channel',
    );
    expect(toExportMessage(base({ content: text, type: 0 }), scopeOf({ markdown: false })).content).toBe(text);
  });

  it('formats timestamps, in UTC with --utc', () => {
    const content = toExportMessage(
      base({ content: 'at <t:1626701658:D> or <t:1626701658>', type: 0 }),
      scopeOf(),
    ).content;
    expect(content).toBe('at July 19, 2021 or 7/19/2021 1:34 PM');
  });

  it('gives system notices DCE’s sentences', () => {
    expect(toExportMessage(base({ type: 7, content: '' }), scopeOf()).content).toBe('Joined the server.');
    expect(toExportMessage(base({ type: 6, content: '' }), scopeOf()).content).toBe('Pinned a message.');
    const call = base({
      type: 3,
      content: '',
      timestamp: '2021-07-19T13:00:00.000000+00:00',
      call: { participants: [], ended_timestamp: '2021-07-19T13:12:30.000000+00:00' },
    });
    const exported = toExportMessage(call, scopeOf());
    expect(exported.content).toBe('Started a call that lasted 12 minutes.');
    expect(exported.type).toBe('Call');
    expect(exported.callEndedTimestamp).toBe('2021-07-19T13:12:30+00:00');
    expect(toExportMessage(base({ type: 24 }), scopeOf()).type).toBe(24);
  });

  it('writes a forwarded message and a slash command’s user', () => {
    const author = history[1]?.author as APIUser;
    const forwarded = toExportMessage(
      base({
        type: 0,
        content: '',
        message_reference: { type: 1, message_id: '1', channel_id: general.id, guild_id: guildId },
        message_snapshots: [
          {
            message: {
              type: 0,
              content: `see <#${general.id}>`,
              timestamp: '2025-12-28T22:52:42.175000+00:00',
              edited_timestamp: null,
              attachments: [],
              embeds: [],
              mentions: [],
              mention_roles: [],
              components: [],
            },
          },
        ],
        interaction_metadata: { id: '99', type: 2, user: author, authorizing_integration_owners: {} },
        interaction: { id: '99', type: 2, user: author, name: 'ping' },
      }),
      scopeOf(),
    );
    expect(forwarded.reference).toEqual({ type: 'Forward', messageId: '1', channelId: general.id, guildId });
    expect(forwarded.forwardedMessage).toMatchObject({
      timestamp: '2025-12-28T22:52:42.175+00:00',
      content: 'see #general',
    });
    expect(forwarded.interaction).toMatchObject({ id: '99', name: 'ping', user: { id: author.id } });
  });

  it('converts embeds with proxy and canonical URLs, colour and merged images', () => {
    const embedded = history.find((m) => m.embeds.length > 0) as APIMessage;
    const [embed] = toExportMessage(embedded, scopeOf()).embeds;
    const source = embedded.embeds[0];
    expect(embed?.url).toBe(source?.url ?? null);
    if (source?.thumbnail)
      expect(embed?.thumbnail).toEqual({
        url: source.thumbnail.proxy_url,
        canonicalUrl: source.thumbnail.url,
        width: source.thumbnail.width,
        height: source.thumbnail.height,
      });
    const merged = toExportMessage(
      base({
        embeds: [
          {
            url: 'https://x.test/1',
            description: 'Two <:cat:1312931184815276099>',
            image: { url: 'https://i/1.png' },
            color: 0x58b9ff,
          },
          { url: 'https://x.test/1', image: { url: 'https://i/2.png' } },
        ],
      }),
      scopeOf(),
    ).embeds;
    expect(merged).toHaveLength(1);
    expect(merged[0]?.color).toBe('#58B9FF');
    expect(merged[0]?.images.map((i) => i.canonicalUrl)).toEqual(['https://i/1.png', 'https://i/2.png']);
    expect(merged[0]?.description).toBe('Two :cat:');
    expect(merged[0]?.inlineEmojis.map((e) => [e.id, e.imageUrl])).toEqual([
      ['1312931184815276099', 'https://cdn.discordapp.com/emojis/1312931184815276099.png'],
    ]);
  });

  it('lists inline emoji once by name, standard ones with Twemoji images', () => {
    const exported = toExportMessage(
      base({ type: 0, content: '🙂 🙂 ❤️ <:lemon_blush:754441880066064584>' }),
      scopeOf(),
    );
    expect(exported.inlineEmojis).toEqual([
      {
        id: '',
        name: '🙂',
        code: 'slight_smile',
        isAnimated: false,
        imageUrl: 'https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/1f642.svg',
      },
      {
        id: '',
        name: '❤️',
        code: 'heart',
        isAnimated: false,
        imageUrl: 'https://cdn.jsdelivr.net/gh/twitter/twemoji@latest/assets/svg/2764.svg',
      },
      {
        id: '754441880066064584',
        name: 'lemon_blush',
        code: 'lemon_blush',
        isAnimated: false,
        imageUrl: 'https://cdn.discordapp.com/emojis/754441880066064584.png',
      },
    ]);
  });

  it('writes dates at the machine’s offset without --utc', () => {
    const exported = toExportMessage(
      base({ type: 0, timestamp: '2021-07-19T13:34:18.187000+00:00' }),
      scopeOf({ utc: false }),
    );
    expect(Date.parse(exported.timestamp)).toBe(Date.parse('2021-07-19T13:34:18.187Z'));
    const offset = -new Date('2021-07-19T13:34:18.187Z').getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const mm = String(Math.abs(offset) % 60).padStart(2, '0');
    expect(exported.timestamp.endsWith(`${sign}${hh}:${mm}`)).toBe(true);
  });
});
