import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { World, WorldDispatch } from '../world/world.js';
import { MAX_CLIENT_PAYLOAD_BYTES } from './client-payloads.js';
import { CLOSE_CODE_RULES } from './close-codes.js';
import { parseConnectQuery } from './connect-query.js';
import { fanOutDispatch } from './dispatch-fanout.js';
import { GatewayCloseError } from './gateway-close-error.js';
import { GatewayConnection } from './gateway-connection.js';
import type { GatewayContext, GatewayLogger, ResumeRecord } from './gateway-context.js';
import { GatewayTransport } from './gateway-transport.js';
import { type IdentifyRecord, IdentifyThrottle } from './identify-throttle.js';
import { SessionRegistry } from './session-registry.js';
import { ZlibStreamEncoder } from './zlib-stream.js';

export interface GatewayServerOptions {
  world: World;
  /** Sent in HELLO; a connection silent for 1.5 intervals is closed with 4009. Default 41,250 ms. */
  heartbeatIntervalMs?: number;
  /** Identifies per rate-limit bucket (`shard_id % max_concurrency`) per window. Default 1. */
  maxConcurrency?: number;
  /** The identify window. Default 5,000 ms. */
  identifyWindowMs?: number;
  /** How long a session without a connection stays resumable. Default 180,000 ms. */
  sessionResumeWindowMs?: number;
  /** Dispatches kept per session for replay on resume. Default 50,000. */
  replayBufferSize?: number;
  /** What a client may send per connection before 4008. Default 120 per 60,000 ms. */
  sendLimit?: { count: number; windowMs: number };
  logger?: GatewayLogger;
}

/** Picks the connections a fault applies to; an empty filter picks every connection, identified or not. */
export interface SessionFilter {
  botId?: string;
  shardId?: number;
  sessionId?: string;
}

/** A live session as tests and the control API see it. */
export interface GatewaySessionInfo {
  sessionId: string;
  botId: string;
  shardId: number;
  shardCount: number;
  intents: number;
  /** The last sequence number dispatched. */
  seq: number;
  /** Whether a connection is attached; otherwise it waits for a resume. */
  connected: boolean;
}

export interface GatewayServer {
  /** Starts listening (port 0: any free port) and returns the URL clients connect to, `ws://host:port`. */
  listen(port?: number, host?: string): Promise<string>;
  /** The URL clients connect to; throws before `listen`. */
  readonly url: string;
  /** Terminates every connection, forgets every session, stops listening. */
  close(): Promise<void>;
  /** Delivers a dispatch as if the world had emitted it (it bypasses the ground truth). */
  emit(dispatch: WorldDispatch): void;
  /** Fault: destroys the sockets without a close frame; sessions stay resumable. Returns how many. */
  dropConnections(filter?: SessionFilter): number;
  /** Fault: sends op 7 RECONNECT. Returns how many connections got it. */
  forceReconnect(filter?: SessionFilter): number;
  /** Fault: sends op 9 INVALID_SESSION with `d: resumable` to identified connections. Returns how many. */
  invalidateSessions(resumable: boolean, filter?: SessionFilter): number;
  /** Sends op 1, asking the clients for an immediate heartbeat. Returns how many. */
  requestHeartbeats(filter?: SessionFilter): number;
  /** Live sessions, connected or waiting for a resume. */
  sessions(): GatewaySessionInfo[];
  /** Every IDENTIFY received, with its time, shard and outcome. */
  readonly identifyLog: readonly IdentifyRecord[];
  /** Every RESUME received, with its outcome. */
  readonly resumeLog: readonly ResumeRecord[];
}

const silentLogger: GatewayLogger = { debug() {}, info() {}, warn() {} };

/** Above Discord's 4,096 bytes, so that oversized payloads get Discord's 4002 rather than ws's 1009. */
const WS_MAX_PAYLOAD = MAX_CLIENT_PAYLOAD_BYTES * 16;

/** The simulated Discord gateway: a websocket server delivering the world's dispatches to bot sessions. */
export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const logger = options.logger ?? silentLogger;
  const sessions = new SessionRegistry(options.sessionResumeWindowMs ?? 180_000);
  const connections = new Set<GatewayConnection>();
  let url: string | undefined;

  const ctx: GatewayContext = {
    world: options.world,
    get url(): string {
      if (url === undefined) throw new Error('the gateway server is not listening');
      return url;
    },
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    sendLimit: options.sendLimit ?? { count: 120, windowMs: 60_000 },
    replayBufferSize: options.replayBufferSize ?? 50_000,
    throttle: new IdentifyThrottle(options.maxConcurrency ?? 1, options.identifyWindowMs ?? 5_000),
    sessions,
    resumeLog: [],
    logger,
  };

  const http = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('websocket upgrade required\n');
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: WS_MAX_PAYLOAD });
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      let zlibStream: boolean;
      try {
        ({ zlibStream } = parseConnectQuery(request.url ?? '/'));
      } catch (error) {
        if (!(error instanceof GatewayCloseError)) throw error;
        ws.close(error.code, CLOSE_CODE_RULES[error.code].reason);
        return;
      }
      const transport = new GatewayTransport(ws, socket, zlibStream ? new ZlibStreamEncoder() : null);
      const connection = new GatewayConnection(ctx, transport);
      connections.add(connection);
      ws.on('message', (data: Buffer) => connection.receive(data));
      ws.on('close', (code: number) => {
        connections.delete(connection);
        connection.onSocketClosed(code);
      });
      ws.on('error', (error) => logger.warn({ err: error }, 'gateway socket error'));
    });
  });

  const emit = (dispatch: WorldDispatch): void => fanOutDispatch(dispatch, sessions.all());
  const unsubscribe = options.world.onDispatch(emit);

  const matching = (filter: SessionFilter | undefined): GatewayConnection[] =>
    [...connections].filter((connection) => {
      if (filter === undefined) return true;
      const session = connection.currentSession;
      if (session === null) return Object.keys(filter).length === 0;
      return (
        (filter.botId === undefined || filter.botId === session.botId) &&
        (filter.shardId === undefined || filter.shardId === session.shardId) &&
        (filter.sessionId === undefined || filter.sessionId === session.id)
      );
    });

  return {
    get url() {
      return ctx.url;
    },
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          const address = http.address() as AddressInfo;
          const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          url = `ws://${reachable.includes(':') ? `[${reachable}]` : reachable}:${address.port}`;
          logger.info({ url }, 'gateway listening');
          resolve(url);
        });
      });
    },
    async close() {
      unsubscribe();
      for (const connection of connections) connection.terminate();
      connections.clear();
      sessions.clear();
      wss.close();
      if (!http.listening) return;
      await new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
    },
    emit,
    dropConnections(filter) {
      const picked = matching(filter);
      for (const connection of picked) connection.drop();
      return picked.length;
    },
    forceReconnect(filter) {
      const picked = matching(filter).filter((connection) => connection.currentSession !== null);
      for (const connection of picked) connection.requestReconnect();
      return picked.length;
    },
    invalidateSessions(resumable, filter) {
      const picked = matching(filter).filter((connection) => connection.currentSession !== null);
      for (const connection of picked) connection.invalidateSession(resumable);
      return picked.length;
    },
    requestHeartbeats(filter) {
      const picked = matching(filter);
      for (const connection of picked) connection.requestHeartbeat();
      return picked.length;
    },
    sessions() {
      return [...sessions.all()].map((session) => ({
        sessionId: session.id,
        botId: session.botId,
        shardId: session.shardId,
        shardCount: session.shardCount,
        intents: session.intents,
        seq: session.seq,
        connected: session.attached,
      }));
    },
    get identifyLog() {
      return ctx.throttle.log;
    },
    get resumeLog() {
      return ctx.resumeLog;
    },
  };
}
