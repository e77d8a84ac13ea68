export * from './control/index.js';
export * from './gateway/index.js';
export * from './load/index.js';
export * from './rest/index.js';
export { createSimulator, type Simulator, type SimulatorLogger, type SimulatorOptions } from './simulator.js';
export * from './traffic/index.js';
export * from './world/index.js';
