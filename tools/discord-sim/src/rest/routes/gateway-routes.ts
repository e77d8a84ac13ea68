import { botRoute, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `GET /gateway` (no token needed) and `GET /gateway/bot`. */
export function gatewayRoutes({ gateway }: RouteDeps): RouteDefinition[] {
  return [
    { key: 'GET /gateway', auth: 'none', handle: () => ok({ url: gateway.url }) },
    botRoute('GET /gateway/bot', ({ bot }) =>
      ok({
        url: gateway.url,
        shards: gateway.shards,
        session_start_limit: gateway.sessionStartLimit?.(bot.user.id) ?? {
          total: 1000,
          remaining: 1000,
          reset_after: DAY_MS,
          max_concurrency: gateway.maxConcurrency,
        },
      }),
    ),
  ];
}
