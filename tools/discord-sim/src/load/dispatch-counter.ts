import { constants, createInflate } from 'node:zlib';
import WebSocket from 'ws';

export interface DispatchCountOptions {
  /** The gateway URL, e.g. `ws://127.0.0.1:4001`. */
  url: string;
  token: string;
  intents: number;
  /** Dispatches of type `event` to count before reporting. */
  expected: number;
  /** Compress with zlib-stream, as most bots do. */
  zlib: boolean;
  /** The dispatch counted. Default `MESSAGE_CREATE`. */
  event?: string;
  /** Called once the session is READY: the producer may start. */
  onReady?: () => void;
}

export interface DispatchCount {
  count: number;
  /** From the first counted dispatch to the last. */
  ms: number;
  perSecond: number;
  /** Bytes received on the wire (compressed, with zlib-stream). */
  bytes: number;
}

/**
 * A minimal gateway client that identifies and counts one kind of dispatch: the receiving end of the
 * gateway's throughput benchmark. Run it in a process of its own, so the server's process does not
 * share its CPU time. It counts occurrences of `"t":"EVENT"` rather than parsing every payload, and with
 * zlib-stream inflates the messages received in one tick in one write (valid, the stream being one zlib
 * stream), because Node's inflate costs a thread-pool round trip per write and would otherwise make this
 * client the bottleneck.
 */
export function countDispatches(options: DispatchCountOptions): Promise<DispatchCount> {
  const marker = `"t":"${options.event ?? 'MESSAGE_CREATE'}"`;
  const ws = new WebSocket(`${options.url}?v=10&encoding=json${options.zlib ? '&compress=zlib-stream' : ''}`);
  let count = 0;
  let bytes = 0;
  let started = 0;
  let identified = false;
  let ready = false;

  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', (code) => {
      if (count < options.expected)
        reject(new Error(`the gateway closed the connection (${code}) after ${count} dispatches`));
    });
    const identify = () => {
      identified = true;
      const properties = { os: process.platform, browser: 'discord-sim-bench', device: 'discord-sim-bench' };
      ws.send(JSON.stringify({ op: 2, d: { token: options.token, intents: options.intents, properties } }));
    };
    const received = (text: string) => {
      if (!identified && text.includes('"op":10')) identify();
      if (!ready && text.includes('"t":"READY"')) {
        ready = true;
        options.onReady?.();
      }
      const dispatches = occurrences(text, marker);
      if (dispatches === 0) return;
      if (count === 0) started = performance.now();
      count += dispatches;
      if (count >= options.expected) {
        const ms = performance.now() - started;
        ws.terminate();
        resolve({ count, ms, perSecond: Math.round((count / ms) * 1000), bytes });
      }
    };

    if (!options.zlib) {
      ws.on('message', (data: Buffer) => {
        bytes += data.length;
        received(data.toString('utf8'));
      });
      return;
    }
    const inflate = createInflate({ flush: constants.Z_SYNC_FLUSH, chunkSize: 1 << 20 });
    let output: Buffer[] = [];
    let batch: Buffer[] = [];
    inflate.on('data', (chunk: Buffer) => output.push(chunk));
    const flush = () => {
      const input = Buffer.concat(batch);
      batch = [];
      inflate.write(input, () => {
        const text = Buffer.concat(output).toString('utf8');
        output = [];
        received(text);
      });
    };
    ws.on('message', (data: Buffer) => {
      bytes += data.length;
      if (batch.length === 0) setImmediate(flush);
      batch.push(data);
    });
  });
}

function occurrences(text: string, marker: string): number {
  let n = 0;
  for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + marker.length)) n++;
  return n;
}
