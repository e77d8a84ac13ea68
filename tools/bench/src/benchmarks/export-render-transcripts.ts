import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { Client, Events, GatewayIntentBits, type Message, type TextChannel } from 'discord.js';
import { ExportReturnType, generateFromMessages } from 'discord-html-transcripts';
import type { ApiTarget } from './export-job.js';

type TranscriptMessages = Parameters<typeof generateFromMessages>[0];
type TranscriptChannel = Parameters<typeof generateFromMessages>[1];

/** A channel's messages as discord-html-transcripts takes them, and how to render them. */
export interface TranscriptInput {
  messages: Message[];
  /** Renders to `outPath`; resolves with the bytes written. The client stays logged in until the process exits. */
  render(outPath: string): Promise<number>;
}

/**
 * Logs a discord.js client into the simulator, caches every member (so the library's default
 * `users.fetch`, `roles.fetch` and `channels.fetch` lookups are answered from the cache, not by
 * REST calls), and reads the whole channel oldest first, 100 at a time.
 */
export async function readForTranscripts(target: ApiTarget): Promise<TranscriptInput> {
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMembers,
    ],
    // The simulator runs with limits off; discord.js would otherwise hold itself to 50 requests/s.
    rest: { api: target.apiUrl, globalRequestsPerSecond: 1_000_000 },
  });
  const ready = once(client, Events.ClientReady);
  await client.login(target.token);
  await ready;
  const guild = client.guilds.cache.get(target.guildId);
  const channel = guild?.channels.cache.get(target.channelId) as TextChannel | undefined;
  if (!guild || !channel) throw new Error(`the client sees no channel ${target.channelId} in guild ${target.guildId}`);
  await guild.members.fetch();
  const messages: Message[] = [];
  let after = '0';
  for (;;) {
    const page = await channel.messages.fetch({ after, limit: 100, cache: false });
    const oldestFirst = [...page.values()].reverse();
    messages.push(...oldestFirst);
    const newest = oldestFirst.at(-1);
    if (!newest || page.size < 100) break;
    after = newest.id;
  }
  return {
    messages,
    async render(outPath) {
      // The library is CommonJS and types discord.js's CommonJS declarations; the objects are the same.
      const html = (await generateFromMessages(
        messages as unknown as TranscriptMessages,
        channel as unknown as TranscriptChannel,
        {
          returnType: ExportReturnType.String,
          saveImages: false,
          poweredBy: false,
        },
      )) as string;
      await writeFile(outPath, html);
      return Buffer.byteLength(html);
    },
  };
}
