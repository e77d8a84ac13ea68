import type { GatewayCloseCodes } from 'discord-api-types/v10';
import { CLOSE_CODE_RULES } from './close-codes.js';

/** A protocol violation or refusal that ends the connection with a Discord close code. */
export class GatewayCloseError extends Error {
  constructor(
    readonly code: GatewayCloseCodes,
    /** Why, for logs; the close frame carries Discord's own short reason. */
    readonly detail: string,
  ) {
    super(`${CLOSE_CODE_RULES[code].reason} ${detail}`);
    this.name = 'GatewayCloseError';
  }
}
