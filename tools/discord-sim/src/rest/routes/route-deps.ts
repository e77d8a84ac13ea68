import type { World } from '../../world/world.js';
import type { ApplicationCommands } from '../application-commands.js';

/** `session_start_limit` of `GET /gateway/bot`. */
export interface SessionStartLimit {
  total: number;
  remaining: number;
  reset_after: number;
  max_concurrency: number;
}

/** What `GET /gateway` and `GET /gateway/bot` announce; the gateway itself is served elsewhere. */
export interface GatewayInfo {
  url: string;
  shards: number;
  maxConcurrency: number;
  /** The session start budget of a bot, when the gateway tracks it; a full budget otherwise. */
  sessionStartLimit?: (botId: string) => SessionStartLimit;
}

/** What route handlers work with. */
export interface RouteDeps {
  world: World;
  commands: ApplicationCommands;
  gateway: GatewayInfo;
}
