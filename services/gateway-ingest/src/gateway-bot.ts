import type { APIGatewayBotInfo } from 'discord-api-types/v10';

export interface GatewayBotOptions {
  /** REST base without the version, e.g. `https://discord.com/api`. */
  apiUrl: string;
  token: string;
  gatewayUrl?: string | undefined;
  shardCount?: number | undefined;
  maxConcurrency?: number | undefined;
}

/** GET /gateway/bot, with the configured overrides applied. */
export async function fetchGatewayBot(options: GatewayBotOptions): Promise<APIGatewayBotInfo> {
  const response = await fetch(`${options.apiUrl.replace(/\/$/, '')}/v10/gateway/bot`, {
    headers: { authorization: `Bot ${options.token}` },
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const info = (await response.json()) as APIGatewayBotInfo;
  return {
    ...info,
    url: options.gatewayUrl ?? info.url,
    shards: options.shardCount ?? info.shards,
    session_start_limit: {
      ...info.session_start_limit,
      max_concurrency: options.maxConcurrency ?? info.session_start_limit.max_concurrency,
    },
  };
}
