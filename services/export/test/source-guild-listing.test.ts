import { REST } from '@discordjs/rest';
import { ChannelType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { channelName } from '../src/convert/convert-channel.js';
import { ExportDiscordApi } from '../src/discord/export-discord-api.js';
import { ExportSession } from '../src/resolve/export-session.js';
import { listDirectChannels, listGuilds } from '../src/source/channel-listing.js';

/** The simulator has no `users/@me/guilds` nor `users/@me/channels`: a Discord of canned answers stands in. */
function cannedSession(answer: (url: URL) => unknown): { session: ExportSession; urls: URL[] } {
  const urls: URL[] = [];
  const rest = new REST({
    api: 'http://discord.invalid/api',
    makeRequest: async (url) => {
      const parsed = new URL(url);
      urls.push(parsed);
      return new Response(JSON.stringify(answer(parsed)), { headers: { 'content-type': 'application/json' } });
    },
  }).setToken('canned');
  return { session: new ExportSession(new ExportDiscordApi(rest)), urls };
}

const user = (id: string, username: string, global_name: string | null = null) => ({
  id,
  username,
  global_name,
  discriminator: '0',
  avatar: null,
});

describe('guild and DM listings', () => {
  it('pages the guilds 100 at a time and lists them as DCE does: direct messages first, then by name', async () => {
    const guilds = Array.from({ length: 130 }, (_, i) => ({
      id: String(1_000_000_000_000_000n + BigInt(i)),
      name: `Guild ${String(129 - i).padStart(3, '0')}`,
      icon: i === 0 ? 'abc' : null,
    }));
    const { session, urls } = cannedSession((url) => {
      const after = BigInt(url.searchParams.get('after') ?? '0');
      return guilds.filter((g) => BigInt(g.id) > after).slice(0, Number(url.searchParams.get('limit')));
    });
    const listed = await listGuilds(session);
    expect(urls.map((u) => u.searchParams.get('after'))).toEqual(['0', guilds[99]?.id]);
    expect(listed[0]).toEqual({
      id: '0',
      name: 'Direct Messages',
      iconUrl: 'https://cdn.discordapp.com/embed/avatars/0.png',
    });
    expect(listed.slice(1).map((g) => g.name)).toEqual(guilds.map((g) => g.name).toSorted());
    expect(listed.find((g) => g.id === guilds[0]?.id)?.iconUrl).toBe(
      `https://cdn.discordapp.com/icons/${guilds[0]?.id}/abc.png?size=512`,
    );
  });

  it('lists DMs by latest message, then name, a DM named after its recipients', async () => {
    const channels = [
      { id: '11', type: ChannelType.DM, last_message_id: '500', recipients: [user('1', 'zed')] },
      {
        id: '12',
        type: ChannelType.GroupDM,
        last_message_id: '900',
        name: null,
        recipients: [user('2', 'amy', 'Amy'), user('3', 'bob')],
      },
      { id: '13', type: ChannelType.DM, last_message_id: '500', recipients: [user('4', 'al')] },
      { id: '14', type: ChannelType.DM, last_message_id: null, recipients: [user('5', 'old')] },
    ];
    const { session } = cannedSession(() => channels);
    const listed = await listDirectChannels(session);
    expect(listed.map(channelName)).toEqual(['Amy, bob', 'al', 'zed', 'old']);
  });
});
