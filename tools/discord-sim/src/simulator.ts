import { CONTROL_PREFIX, registerControlApi, type SimulatorInfo } from './control/index.js';
import { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './gateway/index.js';
import { CDN_PREFIX, createRestServer, DEFAULT_BUCKETS, type RateLimitOptions, type RestServer } from './rest/index.js';
import { createTrafficEngine, type TrafficEngine, type TrafficRatesPatch } from './traffic/index.js';
import { createWorld, type ScenarioInput, type ScenarioName, type SimBot, type World } from './world/index.js';

/** The subset of a pino logger the simulator writes to. */
export interface SimulatorLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface SimulatorOptions {
  /** A named scenario (`tiny`, `demo`, `large`, `multi-bot`) or a description. */
  scenario: ScenarioName | ScenarioInput;
  /** Interface both servers listen on. Default 127.0.0.1. */
  host?: string;
  /** Port of the REST API, its CDN and the control API; 0 (default) picks a free one. */
  restPort?: number;
  /** Port of the gateway; 0 (default) picks a free one. */
  gatewayPort?: number;
  /** Rate limits; Discord's defaults when omitted, `{ enabled: false }` for none. */
  limits?: RateLimitOptions;
  traffic?: {
    /** Start live traffic at once. Default false. */
    autostart?: boolean;
    /** Rates over the scenario's own. */
    rates?: TrafficRatesPatch;
  };
  /** Gateway settings other than the world (heartbeat interval, identify window, …). */
  gateway?: Omit<GatewayServerOptions, 'world' | 'logger'>;
  logger?: SimulatorLogger;
}

/** A running simulator: a world behind a REST API, a gateway and a control API, with live traffic. */
export interface Simulator {
  readonly world: World;
  readonly rest: RestServer;
  readonly gateway: GatewayServer;
  readonly traffic: TrafficEngine;
  /** The scenario's bots; the first is the default one. */
  readonly bots: readonly SimBot[];
  /** Token of the first bot. */
  readonly token: string;
  /** Base of the REST API without the version, e.g. `http://127.0.0.1:41234/api`: discord.js's `rest.api`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  /** Base of the control API, e.g. `http://127.0.0.1:41234/_sim`. */
  readonly controlUrl: string;
  readonly cdnUrl: string;
  info(): SimulatorInfo;
  /** Stops traffic and both servers. */
  close(): Promise<void>;
}

const silent: SimulatorLogger = { debug() {}, info() {}, warn() {} };

/**
 * Starts a simulator: the world of the scenario, the gateway (first, so that `GET /gateway/bot` announces
 * its real URL), the REST server with the control API under `/_sim`, and the traffic engine reading the
 * commands the bots register through REST.
 */
export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const logger = options.logger ?? silent;
  const host = options.host ?? '127.0.0.1';
  const world = createWorld(options.scenario);
  const gateway = createGatewayServer({ ...options.gateway, world, logger });
  let rest: RestServer | undefined;
  let traffic: TrafficEngine | undefined;
  try {
    const gatewayUrl = await gateway.listen(options.gatewayPort ?? 0, host);
    const restServer = createRestServer({ world, gatewayUrl, ...(options.limits ? { limits: options.limits } : {}) });
    rest = restServer;
    const engine = createTrafficEngine({
      world,
      ...(options.traffic?.rates ? { rates: options.traffic.rates } : {}),
      commands: (applicationId, guildId) => [
        ...restServer.commands.list(applicationId, null),
        ...restServer.commands.list(applicationId, guildId),
      ],
      logger,
    });
    traffic = engine;
    let baseUrl = '';
    const info = (): SimulatorInfo => ({
      scenario: world.scenario.name,
      seed: world.seed,
      bots: world.bots.map((b) => ({
        id: b.user.id,
        name: b.application.name,
        applicationId: b.application.id,
        token: b.token,
      })),
      guilds: world.guildIds().map((id) => ({ id, name: world.guild(id)?.name ?? '' })),
      apiUrl: `${baseUrl}/api`,
      gatewayUrl,
      controlUrl: `${baseUrl}${CONTROL_PREFIX}`,
      cdnUrl: `${baseUrl}${CDN_PREFIX}`,
    });
    registerControlApi(restServer.app, {
      world,
      traffic: engine,
      limiter: restServer.limiter,
      faults: restServer.faults,
      gateway,
      routes: restServer.routes,
      // A route in no bucket of the table is a bucket of its own, named after its key.
      buckets: [...(options.limits?.buckets ?? DEFAULT_BUCKETS).map((b) => b.name), ...restServer.routes],
      now: Date.now,
      info,
    });
    baseUrl = await restServer.listen(options.restPort ?? 0, host);
    if (options.traffic?.autostart) engine.start();
    const ready = info();
    logger.info(
      {
        scenario: ready.scenario,
        apiUrl: ready.apiUrl,
        gatewayUrl,
        controlUrl: ready.controlUrl,
        traffic: engine.running,
      },
      'simulator listening',
    );
    return {
      world,
      rest: restServer,
      gateway,
      traffic: engine,
      bots: world.bots,
      token: (world.bots[0] as SimBot).token,
      apiUrl: ready.apiUrl,
      gatewayUrl,
      controlUrl: ready.controlUrl,
      cdnUrl: ready.cdnUrl,
      info,
      async close() {
        engine.close();
        await Promise.all([restServer.close(), gateway.close()]);
        logger.info({}, 'simulator closed');
      },
    };
  } catch (error) {
    traffic?.close();
    await Promise.allSettled([rest?.close(), gateway.close()]);
    throw error;
  }
}
