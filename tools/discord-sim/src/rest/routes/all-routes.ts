import type { InteractionIndex } from '../interaction-index.js';
import type { RouteDefinition } from '../route-definition.js';
import { applicationRoutes } from './application-routes.js';
import { channelRoutes } from './channel-routes.js';
import { commandRoutes } from './command-routes.js';
import { gatewayRoutes } from './gateway-routes.js';
import { guildRoutes } from './guild-routes.js';
import { interactionRoutes } from './interaction-routes.js';
import { messageRoutes } from './message-routes.js';
import { pinRoutes } from './pin-routes.js';
import { reactionRoutes } from './reaction-routes.js';
import type { RouteDeps } from './route-deps.js';
import { userListRoutes } from './user-list-routes.js';
import { userRoutes } from './user-routes.js';

/** Every REST operation the simulator implements. */
export function allRoutes(deps: RouteDeps, interactions: InteractionIndex): RouteDefinition[] {
  return [
    ...userRoutes(deps),
    ...userListRoutes(deps),
    ...applicationRoutes(deps),
    ...commandRoutes(deps),
    ...gatewayRoutes(deps),
    ...guildRoutes(deps),
    ...channelRoutes(deps),
    ...messageRoutes(deps),
    ...pinRoutes(deps),
    ...reactionRoutes(deps),
    ...interactionRoutes(deps, interactions),
  ];
}
