export { CONTROL_PREFIX, registerControlApi } from './control-api.js';
export type { ControlDeps, SimulatorInfo } from './control-deps.js';
export { ControlInputError } from './control-input-error.js';
export { type GuildState, parseGuildStateLines } from './guild-state-lines.js';
