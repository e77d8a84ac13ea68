import { GatewayCloseCodes } from 'discord-api-types/v10';
import { GatewayCloseError } from './gateway-close-error.js';

/** What a client asked for in the query string of its connection URL. */
export interface ConnectQuery {
  /** `compress=zlib-stream`. */
  zlibStream: boolean;
}

/**
 * Reads `?v=10&encoding=json&compress=zlib-stream`. Throws {@link GatewayCloseError}: 4012 for a version
 * other than 10, 4002 for what the simulator cannot encode (`etf`, `zstd-stream`).
 */
export function parseConnectQuery(requestUrl: string): ConnectQuery {
  const params = new URL(requestUrl, 'ws://gateway').searchParams;
  const version = params.get('v');
  if (version !== '10') {
    throw new GatewayCloseError(GatewayCloseCodes.InvalidAPIVersion, `gateway version ${version ?? '(none)'}`);
  }
  const encoding = params.get('encoding') ?? 'json';
  if (encoding !== 'json') {
    throw new GatewayCloseError(GatewayCloseCodes.DecodeError, `encoding ${encoding} is not supported`);
  }
  const compress = params.get('compress');
  if (compress !== null && compress !== 'zlib-stream') {
    throw new GatewayCloseError(GatewayCloseCodes.DecodeError, `compress=${compress} is not supported`);
  }
  return { zlibStream: compress === 'zlib-stream' };
}
