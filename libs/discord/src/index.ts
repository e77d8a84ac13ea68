export * from './interaction-replies.js';
export * from './rest-client.js';
export * from './snowflake.js';
