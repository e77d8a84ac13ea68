import { GatewayIntentBits as I } from 'discord-api-types/v10';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type GatewayFixture, postMessage, startGateway } from './gateway-fixture.js';
import { RawGatewayClient } from './raw-gateway-client.js';

let gw: GatewayFixture;
let client: RawGatewayClient | undefined;

beforeEach(async () => {
  gw = await startGateway();
});

afterEach(async () => {
  client?.terminate();
  await gw.close();
});

it('zlib-stream: binary messages ending with 00 00 ff ff that inflate with one shared context', async () => {
  client = await RawGatewayClient.connect(gw.url, 'v=10&encoding=json&compress=zlib-stream');
  expect(await client.next()).toMatchObject({ op: 10 });
  await client.identify(gw.bot.token, I.Guilds | I.GuildMessages | I.MessageContent);
  await client.until((p) => p.t === 'GUILD_CREATE');
  const guildId = gw.world.guildIds()[0] as string;
  const ids = Array.from({ length: 50 }, (_, i) => postMessage(gw.world, guildId, `compressed ${i}`));
  client.send({ op: 1, d: null });
  const rest = await client.until((p) => p.op === 11);
  expect(rest.filter((p) => p.t === 'MESSAGE_CREATE').map((p) => (p.d as { id: string }).id)).toEqual(ids);

  expect(client.rawMessages.length).toBe(client.received.length);
  for (const message of client.rawMessages) expect([...message.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
  const compressed = client.rawMessages.reduce((sum, m) => sum + m.length, 0);
  const plain = client.received.reduce((sum, p) => sum + JSON.stringify(p).length, 0);
  expect(compressed).toBeLessThan(plain / 2);
});

it('refuses a compression it does not implement', async () => {
  client = await RawGatewayClient.connect(gw.url, 'v=10&encoding=json&compress=zstd-stream');
  expect((await client.closed).code).toBe(4002);
});
