import type { GatewayReadyDispatchData } from 'discord-api-types/v10';
import type { SimBot } from '../world/world.js';

export interface ReadyInput {
  bot: SimBot;
  sessionId: string;
  resumeGatewayUrl: string;
  /** Guilds of the session's shard; each is announced unavailable, then sent as GUILD_CREATE. */
  guildIds: readonly string[];
  /** Echoed only when the client sent one, as Discord does. */
  shard: [number, number] | undefined;
}

/** The READY payload of a new session. */
export function readyPayload({
  bot,
  sessionId,
  resumeGatewayUrl,
  guildIds,
  shard,
}: ReadyInput): GatewayReadyDispatchData {
  return {
    v: 10,
    user: bot.user,
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: sessionId,
    resume_gateway_url: resumeGatewayUrl,
    ...(shard !== undefined ? { shard } : {}),
    application: { id: bot.application.id, flags: bot.application.flags, flags_new: String(bot.application.flags) },
  };
}
