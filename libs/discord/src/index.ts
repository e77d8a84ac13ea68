export * from './guild-cache/index.js';
export * from './interaction-replies.js';
export * from './rest-client.js';
export * from './snowflake.js';
