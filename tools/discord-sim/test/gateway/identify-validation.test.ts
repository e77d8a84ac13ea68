import { GatewayCloseCodes, GatewayIntentBits as I } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { GatewayCloseError } from '../../src/gateway/gateway-close-error.js';
import { MAX_GUILDS_PER_SHARD, validateIdentify } from '../../src/gateway/identify-validation.js';
import { shardForGuild } from '../../src/gateway/shards.js';
import { createWorld } from '../../src/world/index.js';

const world = createWorld('tiny');
const bot = world.bots[0];
const identify = (extra: Record<string, unknown> = {}) => ({
  token: bot?.token ?? '',
  properties: { os: 'linux', browser: 'test', device: 'test' },
  intents: I.Guilds,
  ...extra,
});

/** Guild ids spread over consecutive milliseconds, so that every shard of a small count gets some. */
const manyGuilds = (count: number) =>
  Array.from({ length: count }, (_, i) => ((1_000_000n + BigInt(i)) << 22n).toString());

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof GatewayCloseError) return error.code;
    throw error;
  }
}

describe('validateIdentify', () => {
  it('accepts a good IDENTIFY and lists the guilds of its shard', () => {
    const guilds = manyGuilds(10);
    const source = { botByToken: (token: string) => world.botByToken(token), guildIds: () => guilds };
    const accepted = validateIdentify(source, identify({ shard: [1, 3] }));
    expect(accepted).toMatchObject({ bot, intents: I.Guilds, shardId: 1, shardCount: 3 });
    expect(accepted.guildIds).toEqual(guilds.filter((id) => shardForGuild(id, 3) === 1));
  });

  it('refuses a shard holding more than 2,500 guilds with 4011, and accepts the same guilds over two shards', () => {
    const guilds = manyGuilds(MAX_GUILDS_PER_SHARD + 1);
    const source = { botByToken: (token: string) => world.botByToken(token), guildIds: () => guilds };
    expect(codeOf(() => validateIdentify(source, identify()))).toBe(GatewayCloseCodes.ShardingRequired);
    expect(codeOf(() => validateIdentify(source, identify({ shard: [0, 2] })))).toBeUndefined();
  });

  it('checks the token before anything else', () => {
    expect(codeOf(() => validateIdentify(world, identify({ token: 'x', intents: -1, shard: [5, 1] })))).toBe(
      GatewayCloseCodes.AuthenticationFailed,
    );
  });
});
