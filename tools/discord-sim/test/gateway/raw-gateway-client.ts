import { constants, createInflate } from 'node:zlib';
import WebSocket from 'ws';

/** A gateway payload as received. */
export interface Received {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

/**
 * A bare websocket gateway client for protocol tests: it queues every payload received (inflating
 * zlib-stream with one shared context) and lets a test await them one by one.
 */
export class RawGatewayClient {
  readonly received: Received[] = [];
  /** Raw websocket messages, to check their framing. */
  readonly rawMessages: Buffer[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private waiter: (() => void) | null = null;

  private constructor(
    readonly ws: WebSocket,
    zlibStream: boolean,
  ) {
    const inflate = zlibStream ? createInflate({ flush: constants.Z_SYNC_FLUSH }) : null;
    let pending: Buffer[] = [];
    inflate?.on('data', (chunk: Buffer) => pending.push(chunk));
    ws.on('message', (data: Buffer) => {
      this.rawMessages.push(data);
      if (inflate === null) {
        this.push(JSON.parse(data.toString('utf8')));
        return;
      }
      inflate.write(data, () => {
        const text = Buffer.concat(pending).toString('utf8');
        pending = [];
        this.push(JSON.parse(text));
      });
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        inflate?.close();
        resolve({ code, reason: reason.toString() });
        this.waiter?.();
      });
    });
  }

  static async connect(url: string, query = 'v=10&encoding=json'): Promise<RawGatewayClient> {
    const ws = new WebSocket(`${url}?${query}`);
    const client = new RawGatewayClient(ws, query.includes('compress=zlib-stream'));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  send(payload: unknown): void {
    this.ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  /** The next payload not yet taken, waiting for it up to `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.received.length) {
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('connection closed while waiting for a payload');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a payload');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    return this.received[this.cursor++] as Received;
  }

  /** Takes payloads until one matches, returning the ones skipped too. */
  async until(match: (payload: Received) => boolean, timeoutMs = 5000): Promise<Received[]> {
    const taken: Received[] = [];
    for (;;) {
      const payload = await this.next(timeoutMs);
      taken.push(payload);
      if (match(payload)) return taken;
    }
  }

  /** Sends IDENTIFY and waits for READY, which it returns. */
  async identify(token: string, intents: number, extra: Record<string, unknown> = {}): Promise<Received> {
    this.send({ op: 2, d: { token, intents, properties: { os: 'linux', browser: 'test', device: 'test' }, ...extra } });
    const taken = await this.until((p) => p.t === 'READY');
    return taken.at(-1) as Received;
  }

  close(code = 1000): void {
    this.ws.close(code);
  }

  terminate(): void {
    this.ws.terminate();
  }

  private push(payload: Received): void {
    this.received.push(payload);
    this.waiter?.();
  }
}
