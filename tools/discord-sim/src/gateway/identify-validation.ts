import { GatewayCloseCodes } from 'discord-api-types/v10';
import type { SimBot, World } from '../world/world.js';
import type { IdentifyData } from './client-payloads.js';
import { GatewayCloseError } from './gateway-close-error.js';
import { disallowedIntents, KNOWN_INTENTS } from './intents.js';
import { isValidShard, shardForGuild } from './shards.js';

/** Discord refuses a session holding more guilds than this (4011). */
export const MAX_GUILDS_PER_SHARD = 2500;

/** An IDENTIFY that Discord would accept. */
export interface AcceptedIdentify {
  bot: SimBot;
  intents: number;
  shardId: number;
  shardCount: number;
  /** Guilds of the shard, in the world's order. */
  guildIds: string[];
}

/**
 * Checks an IDENTIFY in Discord's order: token (4004), intents (4013, then 4014 for privileged intents the
 * application was not granted), shard (4010), guilds per shard (4011). Throws {@link GatewayCloseError}.
 */
export function validateIdentify(
  world: Pick<World, 'botByToken' | 'guildIds'>,
  identify: IdentifyData,
): AcceptedIdentify {
  const bot = world.botByToken(identify.token);
  if (bot === undefined) throw new GatewayCloseError(GatewayCloseCodes.AuthenticationFailed, 'unknown token');

  const { intents } = identify;
  if (intents < 0 || intents > 0x7fffffff || (intents & ~KNOWN_INTENTS) !== 0) {
    throw new GatewayCloseError(GatewayCloseCodes.InvalidIntents, `intents ${intents}`);
  }
  const disallowed = disallowedIntents(intents, bot.application.flags ?? 0);
  if (disallowed !== 0) {
    throw new GatewayCloseError(GatewayCloseCodes.DisallowedIntents, `privileged intents ${disallowed} not granted`);
  }

  const [shardId, shardCount] = identify.shard ?? [0, 1];
  if (!isValidShard(shardId, shardCount)) {
    throw new GatewayCloseError(GatewayCloseCodes.InvalidShard, `shard [${shardId}, ${shardCount}]`);
  }
  const guildIds = world.guildIds().filter((id) => shardForGuild(id, shardCount) === shardId);
  if (guildIds.length > MAX_GUILDS_PER_SHARD) {
    throw new GatewayCloseError(GatewayCloseCodes.ShardingRequired, `${guildIds.length} guilds on one shard`);
  }
  return { bot, intents, shardId, shardCount, guildIds };
}
