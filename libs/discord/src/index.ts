export * from './guild-cache/index.js';
export * from './interaction-replies.js';
export * from './register-commands.js';
export * from './reply-files.js';
export * from './rest-client.js';
export * from './snowflake.js';
