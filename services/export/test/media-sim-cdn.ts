import { createRestServer, createWorld, type RestServer, type World } from '@platform/discord-sim';
import type { APIMessage } from 'discord-api-types/v10';

/** The simulator's REST server (with its CDN) on a random port, over the tiny scenario. */
export interface SimCdn {
  world: World;
  server: RestServer;
  /** Base of CDN URLs, e.g. `http://127.0.0.1:4321/cdn`. */
  cdn: string;
  close(): Promise<void>;
}

export async function startSimCdn(): Promise<SimCdn> {
  const world = createWorld('tiny');
  const server = createRestServer({ world });
  await server.listen();
  return { world, server, cdn: world.cdnBaseUrl, close: () => server.close() };
}

/** The bytes the CDN serves at `url`, read from the world itself. */
export function cdnBytes(sim: SimCdn, url: string): Buffer {
  const asset = sim.world.cdnAsset(url.slice(sim.cdn.length));
  if (!asset) throw new Error(`no CDN asset at ${url}`);
  return Buffer.from(asset.bytes);
}

/** Avatar URLs of users who have one, as Discord's CDN lays them out. */
export function avatarUrls(sim: SimCdn, count: number): string[] {
  const urls: string[] = [];
  for (const user of sim.world.users({ limit: 1000 })) {
    if (user.avatar) urls.push(`${sim.cdn}/avatars/${user.id}/${user.avatar}.png`);
    if (urls.length === count) return urls;
  }
  throw new Error(`only ${urls.length} users with avatars`);
}

/**
 * Generated messages with an attachment of at most `maxBytes` (the simulator draws the bytes of large
 * pictures slowly), across the first guild's text channels.
 */
export function messagesWithAttachments(sim: SimCdn, count: number, maxBytes = 200_000): APIMessage[] {
  const found: APIMessage[] = [];
  const guildId = sim.world.guildIds()[0] as string;
  for (const channel of sim.world.channels(guildId)) {
    if (channel.type !== 0) continue;
    for (const message of sim.world.messages(channel.id, { limit: 100 })) {
      const small = message.attachments.length > 0 && message.attachments.every((a) => a.size <= maxBytes);
      if (small) found.push(message);
      if (found.length === count) return found;
    }
  }
  throw new Error(`only ${found.length} messages with attachments of at most ${maxBytes} bytes`);
}

/** A fetch that counts its calls per URL and the most in flight at once. */
export function countingFetch(inner: typeof fetch = fetch) {
  const calls = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const counted = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = String(input);
    calls.set(url, (calls.get(url) ?? 0) + 1);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      return await inner(input, init);
    } finally {
      inFlight--;
    }
  }) as typeof fetch;
  return {
    fetch: counted,
    calls: (url: string) => calls.get(url) ?? 0,
    get total() {
      return [...calls.values()].reduce((sum, n) => sum + n, 0);
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}
