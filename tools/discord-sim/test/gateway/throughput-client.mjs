// Counts the dispatches one gateway connection receives, in a process of its own so that the server's
// process does not share its CPU time. Prints JSON lines: { ready: true }, then { count, ms, perSecond, bytes }.
// argv: url token intents expected [zlib]
//
// With zlib-stream, the messages received in one tick are inflated in one write (the stream is one
// zlib stream, so this is valid), because Node's inflate costs a thread-pool round trip per write and
// would otherwise make this client the bottleneck.
import { constants, createInflate } from 'node:zlib';
import WebSocket from 'ws';

const [url, token, intents, expectedText, compression] = process.argv.slice(2);
const expected = Number(expectedText);
const zlib = compression === 'zlib';
const ws = new WebSocket(`${url}?v=10&encoding=json${zlib ? '&compress=zlib-stream' : ''}`);

let count = 0;
let bytes = 0;
let started = 0;
let identified = false;

function identify() {
  identified = true;
  const d = { token, intents: Number(intents), properties: { os: 'linux', browser: 'bench', device: 'bench' } };
  ws.send(JSON.stringify({ op: 2, d }));
}

function counted(dispatches) {
  if (dispatches === 0) return;
  if (count === 0) started = performance.now();
  count += dispatches;
  if (count >= expected) {
    const ms = performance.now() - started;
    ws.terminate();
    const line = `${JSON.stringify({ count, ms, perSecond: Math.round((count / ms) * 1000), bytes })}\n`;
    process.stdout.write(line, () => process.exit(0));
  }
}

function occurrences(text, marker) {
  let n = 0;
  for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + marker.length)) n++;
  return n;
}

if (zlib) {
  const inflate = createInflate({ flush: constants.Z_SYNC_FLUSH, chunkSize: 1 << 20 });
  let output = [];
  inflate.on('data', (chunk) => output.push(chunk));
  let batch = [];
  const flush = () => {
    const input = Buffer.concat(batch);
    batch = [];
    inflate.write(input, () => {
      const text = Buffer.concat(output).toString('utf8');
      output = [];
      if (!identified) identify();
      if (text.includes('"t":"READY"')) process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
      counted(occurrences(text, '"t":"MESSAGE_CREATE"'));
    });
  };
  ws.on('message', (data) => {
    bytes += data.length;
    if (batch.length === 0) setImmediate(flush);
    batch.push(data);
  });
} else {
  ws.on('message', (data) => {
    bytes += data.length;
    const payload = JSON.parse(data.toString('utf8'));
    if (payload.op === 10) identify();
    else if (payload.t === 'READY') process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
    else if (payload.t === 'MESSAGE_CREATE') counted(1);
  });
}
