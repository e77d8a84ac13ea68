// A @discordjs/proxy instance for the rest-proxy benchmark, run as its container runs it (apps/proxy-container):
// `new REST({ rejectOnRateLimit: () => true, retries: 0 })` behind `proxyRequests`, or with queueing on (the same
// without `rejectOnRateLimit` and `retries`, so REST waits for the limits). Env: PORT, API_URL (the upstream's
// API base, e.g. the simulator's `apiUrl`), MODE (`container` | `queueing`), GLOBAL_LIMIT (REST's
// `globalRequestsPerSecond`, the upstream's global limit). Prints `{"ready":true}` once listening.
import { createServer } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';

const port = Number(process.env.PORT ?? 8080);
const mode = process.env.MODE === 'queueing' ? 'queueing' : 'container';
const globalRequestsPerSecond = Number(process.env.GLOBAL_LIMIT ?? 50);
const api = new REST({
  api: process.env.API_URL ?? 'https://discord.com/api',
  globalRequestsPerSecond,
  ...(mode === 'container' ? { rejectOnRateLimit: () => true, retries: 0 } : {}),
});
// proxyRequests leaves a rejected promise when a caller hangs up mid-answer (the closed-loop load does at its end),
// which would end the process; a caller that went away is not the proxy's failure, anything else still is.
process.on('unhandledRejection', (error) => {
  if ((error as { code?: string } | null)?.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
});
const server = createServer(proxyRequests(api));
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
});
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
