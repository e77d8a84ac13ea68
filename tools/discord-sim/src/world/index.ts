export { createWorld, PLACEHOLDER_CDN, type WorldOptions } from './create-world.js';
export { discordErrors, fieldError } from './errors.js';
export { RESPONSE_WINDOW_MS, TOKEN_LIFETIME_MS } from './interactions.js';
export {
  isScenarioName,
  type LiveRates,
  namedScenarios,
  resolveScenario,
  type Scenario,
  type ScenarioInput,
  type ScenarioName,
  scenarioSchema,
} from './scenario.js';
export { DISCORD_EPOCH, snowflake, snowflakeMs } from './snowflake.js';
export * from './world.js';
