export * from './endpoints.js';
export * from './free-port.js';
export * from './nats-server.js';
export * from './run-script.js';
export * from './test-namespace.js';
export * from './test-redis.js';
export * from './test-schema.js';
export * from './unique-name.js';
