import { createHash } from 'node:crypto';

/**
 * What the proxy needs to know about one Discord path: where to send it, how to label it, and which
 * rate limits it falls under. Pure functions, no network.
 */
export interface RouteInfo {
  /** The path after `/api`, version included when the caller gave one: `/v10/channels/1/messages`. */
  upstreamPath: string;
  /** The path without `/api` and the version: `/channels/1/messages`. */
  path: string;
  /** Low-cardinality label: ids → `:id`, tokens → `:token`, the reaction part → `:reaction`, codes → `:code`. */
  template: string;
  /**
   * The route's identity for limits before Discord names its bucket: `METHOD template`, with the
   * old-message delete told apart as Discord buckets it separately.
   */
  bucketRoute: string;
  /** Channel, guild or webhook id (with a digest of the webhook token), interaction id; `global` otherwise. */
  majorParameter: string;
  /** Interaction callbacks and webhook routes carrying a token in the path are not bound to the global limit. */
  globalExempt: boolean;
  /** `POST /interactions/:id/:token/callback`: served first. */
  interactionCallback: boolean;
  /** Token-in-path webhook route (interaction follow-ups included); set when the path names a webhook token. */
  webhookTokenRoute: boolean;
  /** Exactly `/webhooks/:id/:token` (the webhook itself): a 404 here means the webhook is gone. */
  webhookItself: boolean;
}

const SNOWFLAKE = /^\d{15,21}$/;
const DISCORD_EPOCH = 1_420_070_400_000n;
const FOURTEEN_DAYS_MS = 14 * 24 * 60 * 60 * 1000;

/** Segments after these hold a code or a name (unbounded cardinality), not an id. */
const CODE_AFTER = new Set(['invites', 'templates']);

/** A short digest of a secret path segment, so keys never hold the secret itself. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

/** Epoch ms at which a snowflake was made. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/**
 * Splits `/api[/vN]/rest` into the version part and the path; null when the path is not under `/api`.
 * Query strings are not part of the path.
 */
export function splitApiPath(url: string): { upstreamPath: string; path: string } | null {
  const question = url.indexOf('?');
  const pathname = question === -1 ? url : url.slice(0, question);
  if (pathname !== '/api' && !pathname.startsWith('/api/')) return null;
  const upstreamPath = pathname.slice(4);
  const version = /^\/v\d+(?=\/|$)/.exec(upstreamPath);
  const path = version ? upstreamPath.slice(version[0].length) : upstreamPath;
  return { upstreamPath, path: path === '' ? '/' : path };
}

/** Route information of a request, `now` deciding whether a message is old (14 days). */
export function describeRoute(method: string, url: string, now = Date.now()): RouteInfo | null {
  const split = splitApiPath(url);
  if (!split) return null;
  const { upstreamPath, path } = split;
  const upper = method.toUpperCase();
  const parts = path.split('/').slice(1);
  const out: string[] = [];
  let majorParameter = 'global';
  let webhookTokenRoute = false;
  let interactionCallback = false;

  const first = parts[0] ?? '';
  const second = parts[1] ?? '';
  const third = parts[2];
  if ((first === 'channels' || first === 'guilds') && SNOWFLAKE.test(second)) majorParameter = `${first}:${second}`;
  if (first === 'webhooks' && SNOWFLAKE.test(second)) {
    if (third !== undefined && third !== '' && !SNOWFLAKE.test(third) && third !== 'messages') {
      webhookTokenRoute = true;
      majorParameter = `webhooks:${second}:${digest(third)}`;
    } else {
      majorParameter = `webhooks:${second}`;
    }
  }
  if (first === 'interactions' && SNOWFLAKE.test(second) && third !== undefined) {
    majorParameter = `interactions:${second}`;
    interactionCallback = parts[3] === 'callback' && parts.length === 4 && upper === 'POST';
  }

  for (let i = 0; i < parts.length; i++) {
    const segment = parts[i] ?? '';
    const previous = parts[i - 1];
    if (previous === 'reactions') {
      // Every reaction route of a message is one limit: the emoji and the user collapse.
      out.push(':reaction');
      break;
    }
    if (first === 'webhooks' && i === 2 && webhookTokenRoute) out.push(':token');
    else if (first === 'interactions' && i === 2) out.push(':token');
    else if (SNOWFLAKE.test(segment)) out.push(':id');
    else if (previous !== undefined && CODE_AFTER.has(previous)) out.push(':code');
    else out.push(segment);
  }
  const template = `/${out.join('/')}`;
  let bucketRoute = `${upper} ${template}`;
  // Discord limits deletes of messages older than 14 days in a bucket of their own (as @discordjs/rest does).
  if (upper === 'DELETE' && template === '/channels/:id/messages/:id') {
    const messageId = parts[3] ?? '';
    if (SNOWFLAKE.test(messageId) && now - snowflakeTime(messageId) > FOURTEEN_DAYS_MS) {
      bucketRoute = `${bucketRoute} (old)`;
    }
  }
  return {
    upstreamPath,
    path,
    template,
    bucketRoute,
    majorParameter,
    globalExempt: webhookTokenRoute || first === 'interactions',
    interactionCallback,
    webhookTokenRoute,
    webhookItself: webhookTokenRoute && parts.length === 3,
  };
}

/**
 * The bot's user id from its token: the token's first part is the id in base64. Null when the token does
 * not have that shape.
 */
export function botIdFromToken(token: string): string | null {
  const head = token.split('.')[0];
  if (!head) return null;
  const padded = head.replace(/-/g, '+').replace(/_/g, '/');
  const id = Buffer.from(padded, 'base64').toString('utf8');
  return SNOWFLAKE.test(id) ? id : null;
}

/** The token of an `Authorization: Bot <token>` header; null for anything else. */
export function botTokenOf(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const match = /^Bot\s+(\S+)$/i.exec(authorization.trim());
  return match?.[1] ?? null;
}

/**
 * The key of a route limit: the bot, the bucket Discord named (or the route until it has), and the
 * major parameter. Tokens never appear in it.
 */
export function bucketKey(bot: string, bucket: string, majorParameter: string): string {
  return `${bot}|${bucket}|${majorParameter}`;
}

/**
 * The bucket route of a request whose body puts it under a sublimit Discord does not announce: channel name
 * and topic edits (about 2 per 10 minutes, as `@discordjs/rest` special-cases them). Other edits of the same
 * channel keep their own route, so a sublimit 429 does not hold them back.
 */
export function sublimitRoute(route: RouteInfo, body: Buffer | null): string {
  if (route.bucketRoute !== 'PATCH /channels/:id' || !body || body.length === 0) return route.bucketRoute;
  try {
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown> | null;
    if (json && typeof json === 'object' && ('name' in json || 'topic' in json))
      return `${route.bucketRoute} (name/topic)`;
  } catch {
    // Not JSON: no sublimit known.
  }
  return route.bucketRoute;
}
