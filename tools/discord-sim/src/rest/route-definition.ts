import type { SimBot } from '../world/world.js';
import type { RouteKey } from './rate-limits/bucket-table.js';

/** A file part (`files[n]`) of a multipart body. */
export interface UploadedFile {
  /** `n` of `files[n]`, matched to `attachments[].id` of the JSON part. */
  index: number;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** What a route handler gets: the parsed request, never the transport. */
export interface RouteRequest<Bot extends SimBot | null = SimBot | null> {
  /** The bot whose token authorised the request; null on routes authorised by a token in the path. */
  bot: Bot;
  params: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
  /** The JSON body, or the `payload_json` part of a multipart body; undefined when there is none. */
  body: unknown;
  files: readonly UploadedFile[];
  /** Epoch ms at which the request arrived. */
  now: number;
}

/** A handler's answer: a status and a JSON body (none for 204). */
export interface RouteAnswer {
  status: number;
  body?: unknown;
}

/** One REST operation of the simulator. */
export interface RouteDefinition {
  key: RouteKey;
  /** `bot` needs `Authorization: Bot <token>`; `path-token` is authorised by the token in its path; `none` is open. */
  auth: 'bot' | 'path-token' | 'none';
  /** Accepts a multipart body of `payload_json` and `files[n]` besides JSON. */
  multipart?: boolean;
  handle(request: RouteRequest): RouteAnswer | Promise<RouteAnswer>;
}

/** A route that needs a bot token. */
export function botRoute(
  key: RouteKey,
  handle: (request: RouteRequest<SimBot>) => RouteAnswer | Promise<RouteAnswer>,
  options: { multipart?: boolean } = {},
): RouteDefinition {
  return { key, auth: 'bot', ...options, handle: handle as RouteDefinition['handle'] };
}

/** A route authorised by the (webhook or interaction) token in its path. */
export function pathTokenRoute(
  key: RouteKey,
  handle: (request: RouteRequest<null>) => RouteAnswer | Promise<RouteAnswer>,
  options: { multipart?: boolean } = {},
): RouteDefinition {
  return { key, auth: 'path-token', ...options, handle: handle as RouteDefinition['handle'] };
}

export const ok = (body: unknown): RouteAnswer => ({ status: 200, body });
export const created = (body: unknown): RouteAnswer => ({ status: 201, body });
export const NO_CONTENT: RouteAnswer = { status: 204 };
