import type { GatewayServer } from '../gateway/gateway-server.js';
import type { Faults } from '../rest/faults.js';
import type { RateLimiter } from '../rest/rate-limits/rate-limiter.js';
import type { TrafficEngine } from '../traffic/traffic-engine.js';
import type { World } from '../world/world.js';

/** What `GET /_sim/info` tells: everything a client needs to use the simulator. */
export interface SimulatorInfo {
  scenario: string;
  seed: number;
  bots: { id: string; name: string; applicationId: string; token: string }[];
  guilds: { id: string; name: string }[];
  /** Base of the REST API without the version, e.g. `http://127.0.0.1:41234/api`. */
  apiUrl: string;
  gatewayUrl: string;
  controlUrl: string;
  cdnUrl: string;
}

/** What the control API turns and reads. */
export interface ControlDeps {
  world: World;
  traffic: TrafficEngine;
  limiter: RateLimiter;
  faults: Faults;
  gateway: GatewayServer;
  /** Every REST route as `METHOD /template`, to check fault targets against. */
  routes: readonly string[];
  /** Every bucket name the limiter knows, to check fault targets and limit overrides against. */
  buckets: readonly string[];
  /** The clock of the world, epoch ms. */
  now(): number;
  info(): SimulatorInfo;
}
