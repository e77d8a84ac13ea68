export { CLOSE_CODE_RULES, type CloseCodeRule, sessionSurvivesClose } from './close-codes.js';
export { GatewayCloseError } from './gateway-close-error.js';
export type { GatewayLogger, ResumeRecord } from './gateway-context.js';
export {
  createGatewayServer,
  type GatewayServer,
  type GatewayServerOptions,
  type GatewaySessionInfo,
  type SessionFilter,
} from './gateway-server.js';
export type { IdentifyRecord } from './identify-throttle.js';
export { requiredIntent } from './intents.js';
export { shardForGuild } from './shards.js';
