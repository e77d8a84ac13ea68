// Entry of an open-loop load process of the rest-proxy benchmark: argv is one JSON RateLoadJob; prints the
// RateLoadResult as one JSON line on stdout.
import { Agent, request } from 'node:http';
import { type LatencySummary, summarize } from '../stats.js';

export interface RateLoadJob {
  /** Bases such as `http://127.0.0.1:8080`; request i goes to `origins[i % origins.length]`. */
  origins: string[];
  /** Paths such as `/api/v10/users/@me`; request i uses `paths[floor(i / origins.length) % paths.length]`. */
  paths: string[];
  headers: Record<string, string>;
  /** Requests started per second, whatever the answers do (open loop). */
  rate: number;
  /** Requests started before this are sent but not measured. */
  warmupMs: number;
  durationMs: number;
  /** Keep-alive sockets per origin. */
  connections: number;
  /** Longest wait for the last answers after the sending stops. */
  drainTimeoutMs: number;
}

export interface RateLoadResult {
  /** Requests started in the measured part. */
  sent: number;
  /** Of those, answered (any status). */
  completed: number;
  /** Of those, connection errors or no answer before the drain timeout. */
  errors: number;
  statuses: Record<string, number>;
  /** Time from the first request to the last answer, ms. */
  ms: number;
  /** Latency of the measured requests, start to the end of the body, ms. */
  latency: LatencySummary;
}

function send(
  agent: Agent,
  origin: URL,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: origin.hostname, port: origin.port, path, method: 'GET', headers }, (res) => {
      res.on('data', () => {});
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

async function runRateLoad(job: RateLoadJob): Promise<RateLoadResult> {
  const origins = job.origins.map((origin) => new URL(origin));
  const agents = origins.map(() => new Agent({ keepAlive: true, maxSockets: job.connections }));
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let sent = 0;
  let completed = 0;
  let issued = 0;
  let lastAnswer = 0;
  const total = Math.round(((job.warmupMs + job.durationMs) / 1000) * job.rate);
  const warmup = Math.round((job.warmupMs / 1000) * job.rate);
  const started = performance.now();
  let measuredFrom = started;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * job.rate) + 1);
    for (; issued < due; issued++) {
      const index = issued;
      const measured = index >= warmup;
      if (index === warmup) measuredFrom = performance.now();
      const o = index % origins.length;
      const path = job.paths[Math.floor(index / origins.length) % job.paths.length] as string;
      if (measured) sent++;
      const p = send(agents[o] as Agent, origins[o] as URL, path, job.headers).then(
        ({ status, ms }) => {
          lastAnswer = performance.now();
          if (!measured) return;
          completed++;
          statuses[status] = (statuses[status] ?? 0) + 1;
          latencies.push(ms);
        },
        () => {},
      );
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, job.drainTimeoutMs).unref())]);
  for (const agent of agents) agent.destroy();
  return {
    sent,
    completed,
    errors: sent - completed,
    statuses,
    ms: Math.max(0, lastAnswer - measuredFrom),
    latency: summarize(latencies),
  };
}

const result = await runRateLoad(JSON.parse(process.argv[2] ?? '{}') as RateLoadJob);
await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(result)}\n`, () => resolve()));
process.exit(0);
