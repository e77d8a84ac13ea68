import { DefaultRestOptions, REST, type ResponseLike } from '@discordjs/rest';

/** How long a call may take end to end; above the proxy's longest queue wait, so callers do not abort and resend. */
const REQUEST_TIMEOUT_MS = 60_000;

/** The client {@link createDiscordRest} makes, for packages that do not use `@discordjs/rest` themselves. */
export type DiscordRest = REST;

export interface DiscordRestOptions {
  /** Base URL of rest-proxy without the version, e.g. `http://rest-proxy:8080/api` (`DISCORD_API_URL`). */
  apiUrl: string;
  /** Bot token; rest-proxy only forwards tokens it is configured with. */
  token: string;
  /** API version; defaults to 10. */
  version?: string;
}

function withoutRateLimitHeaders(response: ResponseLike): ResponseLike {
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    if (!name.startsWith('x-ratelimit-') && name !== 'retry-after') headers.set(name, value);
  });
  return {
    get body() {
      return response.body;
    },
    get bodyUsed() {
      return response.bodyUsed;
    },
    headers,
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    arrayBuffer: () => response.arrayBuffer(),
    json: () => response.json(),
    text: () => response.text(),
  };
}

/**
 * A `@discordjs/rest` client that sends every call through rest-proxy and leaves rate limiting to it.
 *
 * The proxy shares each bot's limits across every replica of every service, so a client limiting on
 * its own would only add waits computed from a partial view: the global limiter is off, and the
 * rate-limit headers the proxy passes through are hidden from the client's bucket handlers.
 */
export function createDiscordRest({ apiUrl, token, version = '10' }: DiscordRestOptions): REST {
  return new REST({
    api: apiUrl,
    version,
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    offset: 0,
    timeout: REQUEST_TIMEOUT_MS,
    makeRequest: async (url, init) => withoutRateLimitHeaders(await DefaultRestOptions.makeRequest(url, init)),
  }).setToken(token);
}
