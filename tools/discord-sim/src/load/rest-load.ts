import { connect, type Socket } from 'node:net';
import { HttpResponseParser } from './http-response-parser.js';

export interface RestLoadOptions {
  /** The URL every request GETs, e.g. `http://127.0.0.1:4000/api/v10/users/@me`. */
  url: string;
  headers?: Record<string, string>;
  /** Keep-alive connections. */
  connections: number;
  /** Requests written ahead on each connection (HTTP/1.1 pipelining): in flight = connections × pipelining. */
  pipelining: number;
  /** Requests before this are not counted: connections, JIT and the server's first requests warm up. */
  warmupMs: number;
  durationMs: number;
}

export interface RestLoadResult {
  /** Responses completed within the measured window. */
  requests: number;
  /** Of those, answers other than 2xx. */
  failures: number;
  statuses: Record<string, number>;
  ms: number;
  perSecond: number;
}

/**
 * A closed-loop HTTP load generator: `connections` sockets each keep `pipelining` GETs in flight, a new
 * one written as each answer completes, so the rate is what the server sustains. Raw sockets and a
 * minimal parser keep it cheaper than the server, like autocannon, which it stands in for.
 */
export async function runRestLoad(options: RestLoadOptions): Promise<RestLoadResult> {
  const url = new URL(options.url);
  const headers = Object.entries({ host: url.host, connection: 'keep-alive', ...options.headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const request = Buffer.from(`GET ${url.pathname}${url.search} HTTP/1.1\r\n${headers}\r\n`);
  const statuses: Record<string, number> = {};
  let requests = 0;
  let failures = 0;
  let measuring = false;
  let stopping = false;
  const sockets: Socket[] = [];

  await Promise.all(
    Array.from(
      { length: options.connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(Number(url.port), url.hostname, () => {
            socket.setNoDelay(true);
            socket.write(Buffer.concat(Array.from({ length: options.pipelining }, () => request)));
            resolve();
          });
          const parser = new HttpResponseParser();
          socket.on('data', (chunk: Buffer) => {
            const done = parser.push(chunk);
            if (measuring)
              for (const status of done) {
                requests++;
                statuses[status] = (statuses[status] ?? 0) + 1;
                if (status < 200 || status >= 300) failures++;
              }
            if (!stopping && done.length > 0)
              socket.write(done.length === 1 ? request : Buffer.concat(done.map(() => request)));
          });
          socket.once('error', reject);
          sockets.push(socket);
        }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  measuring = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  measuring = false;
  const ms = performance.now() - started;
  stopping = true;
  for (const socket of sockets) socket.destroy();
  return { requests, failures, statuses, ms, perSecond: Math.round((requests / ms) * 1000) };
}
