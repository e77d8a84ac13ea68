export * from './gateway/index.js';
export * from './rest/index.js';
export * from './world/index.js';
