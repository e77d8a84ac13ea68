/** An HTTP method the simulator routes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `METHOD /template`, e.g. `POST /channels/:channel_id/messages`: a route as the limiter knows it. */
export type RouteKey = `${HttpMethod} /${string}`;

/** How many requests a bucket admits per window. */
export interface BucketLimit {
  limit: number;
  windowMs: number;
}

/** A per-route bucket: routes that share it share one `X-RateLimit-Bucket` hash and one count per major parameter. */
export interface BucketDefinition extends BucketLimit {
  name: string;
  routes: readonly RouteKey[];
}

/** Limit of a route listed in no bucket: a bucket of its own, named after the route key. */
export const DEFAULT_ROUTE_LIMIT: BucketLimit = { limit: 10, windowMs: 1000 };

/** Bucket of `DELETE /channels/:channel_id/messages/:message_id` for messages older than 14 days. */
export const OLD_MESSAGE_DELETE_BUCKET = 'message-delete-old';

const second = 1000;

/**
 * Discord-like defaults. Discord publishes no numbers ("do not hard-code limits"); these follow public
 * observations where they exist (message create 5/5 s per channel, reactions one per 250 ms per channel
 * shared by every reaction write, the age-dependent delete buckets) and a plausible 10/s otherwise.
 */
export const DEFAULT_BUCKETS: readonly BucketDefinition[] = [
  { name: 'message-create', limit: 5, windowMs: 5 * second, routes: ['POST /channels/:channel_id/messages'] },
  {
    name: 'message-edit',
    limit: 5,
    windowMs: 5 * second,
    routes: ['PATCH /channels/:channel_id/messages/:message_id'],
  },
  {
    name: 'message-delete',
    limit: 5,
    windowMs: second,
    routes: ['DELETE /channels/:channel_id/messages/:message_id'],
  },
  { name: OLD_MESSAGE_DELETE_BUCKET, limit: 30, windowMs: 4 * second, routes: [] },
  {
    name: 'message-bulk-delete',
    limit: 1,
    windowMs: second,
    routes: ['POST /channels/:channel_id/messages/bulk-delete'],
  },
  { name: 'message-list', limit: 10, windowMs: second, routes: ['GET /channels/:channel_id/messages'] },
  { name: 'message-get', limit: 10, windowMs: second, routes: ['GET /channels/:channel_id/messages/:message_id'] },
  {
    name: 'reactions',
    limit: 1,
    windowMs: 250,
    routes: [
      'PUT /channels/:channel_id/messages/:message_id/reactions/:emoji/@me',
      'DELETE /channels/:channel_id/messages/:message_id/reactions/:emoji/@me',
      'DELETE /channels/:channel_id/messages/:message_id/reactions/:emoji/:user_id',
    ],
  },
  {
    name: 'reaction-users',
    limit: 5,
    windowMs: second,
    routes: ['GET /channels/:channel_id/messages/:message_id/reactions/:emoji'],
  },
  {
    name: 'pins-write',
    limit: 5,
    windowMs: 5 * second,
    routes: [
      'PUT /channels/:channel_id/messages/pins/:message_id',
      'DELETE /channels/:channel_id/messages/pins/:message_id',
      'PUT /channels/:channel_id/pins/:message_id',
      'DELETE /channels/:channel_id/pins/:message_id',
    ],
  },
  {
    name: 'pins-list',
    limit: 10,
    windowMs: second,
    routes: ['GET /channels/:channel_id/messages/pins', 'GET /channels/:channel_id/pins'],
  },
  { name: 'typing', limit: 5, windowMs: 5 * second, routes: ['POST /channels/:channel_id/typing'] },
  { name: 'channel-get', limit: 10, windowMs: second, routes: ['GET /channels/:channel_id'] },
  {
    name: 'archived-threads',
    limit: 10,
    windowMs: 10 * second,
    routes: ['GET /channels/:channel_id/threads/archived/public', 'GET /channels/:channel_id/threads/archived/private'],
  },
  { name: 'guild-get', limit: 10, windowMs: second, routes: ['GET /guilds/:guild_id'] },
  { name: 'guild-channels', limit: 10, windowMs: second, routes: ['GET /guilds/:guild_id/channels'] },
  { name: 'guild-roles', limit: 10, windowMs: second, routes: ['GET /guilds/:guild_id/roles'] },
  { name: 'guild-members-list', limit: 10, windowMs: 10 * second, routes: ['GET /guilds/:guild_id/members'] },
  { name: 'guild-members-search', limit: 10, windowMs: 10 * second, routes: ['GET /guilds/:guild_id/members/search'] },
  { name: 'guild-member-get', limit: 10, windowMs: second, routes: ['GET /guilds/:guild_id/members/:user_id'] },
  { name: 'guild-active-threads', limit: 10, windowMs: 10 * second, routes: ['GET /guilds/:guild_id/threads/active'] },
  { name: 'user-get', limit: 10, windowMs: second, routes: ['GET /users/@me', 'GET /users/:user_id'] },
  { name: 'dm-create', limit: 10, windowMs: 10 * second, routes: ['POST /users/@me/channels'] },
  { name: 'user-guilds', limit: 10, windowMs: second, routes: ['GET /users/@me/guilds'] },
  { name: 'dm-list', limit: 10, windowMs: second, routes: ['GET /users/@me/channels'] },
  { name: 'application-get', limit: 10, windowMs: second, routes: ['GET /applications/@me'] },
  {
    name: 'commands-read',
    limit: 10,
    windowMs: second,
    routes: [
      'GET /applications/:application_id/commands',
      'GET /applications/:application_id/commands/:command_id',
      'GET /applications/:application_id/guilds/:guild_id/commands',
      'GET /applications/:application_id/guilds/:guild_id/commands/:command_id',
    ],
  },
  {
    name: 'commands-write',
    limit: 10,
    windowMs: 10 * second,
    routes: [
      'POST /applications/:application_id/commands',
      'PUT /applications/:application_id/commands',
      'PATCH /applications/:application_id/commands/:command_id',
      'DELETE /applications/:application_id/commands/:command_id',
      'POST /applications/:application_id/guilds/:guild_id/commands',
      'PUT /applications/:application_id/guilds/:guild_id/commands',
      'PATCH /applications/:application_id/guilds/:guild_id/commands/:command_id',
      'DELETE /applications/:application_id/guilds/:guild_id/commands/:command_id',
    ],
  },
  { name: 'gateway', limit: 10, windowMs: second, routes: ['GET /gateway', 'GET /gateway/bot'] },
  {
    name: 'interaction-callback',
    limit: 5,
    windowMs: 5 * second,
    routes: ['POST /interactions/:interaction_id/:interaction_token/callback'],
  },
  {
    // Follow-ups and @original share one bucket per interaction token, as measured.
    name: 'interaction-webhook',
    limit: 5,
    windowMs: 2 * second,
    routes: [
      'POST /webhooks/:webhook_id/:webhook_token',
      'GET /webhooks/:webhook_id/:webhook_token/messages/@original',
      'PATCH /webhooks/:webhook_id/:webhook_token/messages/@original',
      'DELETE /webhooks/:webhook_id/:webhook_token/messages/@original',
      'GET /webhooks/:webhook_id/:webhook_token/messages/:message_id',
      'PATCH /webhooks/:webhook_id/:webhook_token/messages/:message_id',
      'DELETE /webhooks/:webhook_id/:webhook_token/messages/:message_id',
    ],
  },
];
