export { systemClock, type TrafficClock } from './clock.js';
export type { GivenOptions } from './command-options.js';
export { ManualClock } from './manual-clock.js';
export type { ModalValues } from './modal-answers.js';
export type { TrafficLogger } from './traffic-context.js';
export {
  createTrafficEngine,
  type StormResult,
  type TrafficEngine,
  type TrafficEngineOptions,
} from './traffic-engine.js';
export { type TrafficRates, type TrafficRatesPatch, trafficRatesPatchSchema } from './traffic-rates.js';
export type { TrafficStats } from './traffic-stats.js';
export { VirtualUserError } from './virtual-user-error.js';
export type {
  CommandRequest,
  CommandSource,
  ComponentRequest,
  ModalRequest,
  VirtualUserTiming,
} from './virtual-users.js';
export type { VoiceBehaviour } from './voice-sessions.js';
