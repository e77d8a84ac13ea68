export { CacheAside, type CacheAsideOptions, type GetOptions, type SingleFlightOptions } from './cache-aside.js';
export { type CreateRedisOptions, createRedis, type RedisClient, type RedisConnection } from './redis-connection.js';
