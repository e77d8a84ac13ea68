import type { World } from '../world/world.js';
import type { IdentifyThrottle } from './identify-throttle.js';
import type { SessionRegistry } from './session-registry.js';

/** The subset of a pino logger the gateway writes to. */
export interface GatewayLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** One RESUME the gateway received, with what became of it. */
export interface ResumeRecord {
  /** Epoch milliseconds at which it arrived. */
  at: number;
  sessionId: string;
  seq: number | null;
  /** `resumed`, or why not: unknown (or expired) session, replay evicted, seq ahead of the session (4007). */
  outcome: 'resumed' | 'unknown-session' | 'evicted' | 'invalid-seq';
  /** Dispatches replayed before RESUMED. */
  replayed: number;
}

/** What every connection of one gateway server shares. */
export interface GatewayContext {
  readonly world: World;
  /** The URL clients connect to, given back as `resume_gateway_url`. */
  readonly url: string;
  readonly heartbeatIntervalMs: number;
  readonly sendLimit: { count: number; windowMs: number };
  readonly replayBufferSize: number;
  readonly throttle: IdentifyThrottle;
  readonly sessions: SessionRegistry;
  readonly resumeLog: ResumeRecord[];
  readonly logger: GatewayLogger;
}
