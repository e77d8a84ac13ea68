import { GatewayCloseCodes } from 'discord-api-types/v10';

/** What a close code tells the client, per Discord's close-code table. */
export interface CloseCodeRule {
  /** The reason sent in the close frame. */
  reason: string;
  /** Whether the client may reconnect at all (the docs' "Reconnect" column). */
  reconnect: boolean;
  /** Whether the session survives the close, so that a RESUME can pick it up. */
  resumable: boolean;
}

/**
 * The close codes the simulator sends. 4007 and 4009 allow a reconnect but need a new session; the codes
 * that forbid reconnecting end the session too.
 */
export const CLOSE_CODE_RULES: Readonly<Record<GatewayCloseCodes, CloseCodeRule>> = {
  [GatewayCloseCodes.UnknownError]: { reason: 'Unknown error.', reconnect: true, resumable: true },
  [GatewayCloseCodes.UnknownOpcode]: { reason: 'Unknown opcode.', reconnect: true, resumable: true },
  [GatewayCloseCodes.DecodeError]: { reason: 'Decode error.', reconnect: true, resumable: true },
  [GatewayCloseCodes.NotAuthenticated]: { reason: 'Not authenticated.', reconnect: true, resumable: true },
  [GatewayCloseCodes.AuthenticationFailed]: { reason: 'Authentication failed.', reconnect: false, resumable: false },
  [GatewayCloseCodes.AlreadyAuthenticated]: { reason: 'Already authenticated.', reconnect: true, resumable: true },
  [GatewayCloseCodes.InvalidSeq]: { reason: 'Invalid seq.', reconnect: true, resumable: false },
  [GatewayCloseCodes.RateLimited]: { reason: 'Rate limited.', reconnect: true, resumable: true },
  [GatewayCloseCodes.SessionTimedOut]: { reason: 'Session timed out.', reconnect: true, resumable: false },
  [GatewayCloseCodes.InvalidShard]: { reason: 'Invalid shard.', reconnect: false, resumable: false },
  [GatewayCloseCodes.ShardingRequired]: { reason: 'Sharding required.', reconnect: false, resumable: false },
  [GatewayCloseCodes.InvalidAPIVersion]: { reason: 'Invalid API version.', reconnect: false, resumable: false },
  [GatewayCloseCodes.InvalidIntents]: { reason: 'Invalid intent(s).', reconnect: false, resumable: false },
  [GatewayCloseCodes.DisallowedIntents]: { reason: 'Disallowed intent(s).', reconnect: false, resumable: false },
};

/**
 * Whether a session survives its connection ending with `code`, whoever sent it. A client closing with
 * 1000 or 1001 ends its session; any other code, or a socket lost without a close frame (1005, 1006),
 * keeps it resumable. Codes of the table follow the table.
 */
export function sessionSurvivesClose(code: number): boolean {
  if (code === 1000 || code === 1001) return false;
  const rule = (CLOSE_CODE_RULES as Partial<Record<number, CloseCodeRule>>)[code];
  return rule?.resumable ?? true;
}
