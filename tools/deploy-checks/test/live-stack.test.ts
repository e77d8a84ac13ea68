import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { busNamespace, createSubjects } from '@platform/contracts';
import { DEV_INTERNAL_API_TOKEN } from '@platform/service-kit';
import {
  createTestBusNamespace,
  createTestDatabase,
  createTestRedisPrefix,
  freePort,
  type TestDatabase,
  testEndpoints,
} from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PanelQuery, panelQueries, readDashboards } from '../src/dashboard-queries.js';
import { fillQuery, type QueryScope, relativeTime } from '../src/grafana-query-text.js';
import { type LocalStack, startLocalStack } from '../src/local-stack.js';
import { type PrometheusServer, startPrometheus } from '../src/prometheus-server.js';

/**
 * The whole local stack (`npm start`'s launcher: the simulator, migrations, every service) with a real
 * Prometheus scraping it, while the simulator sends traffic and the check provokes what the error panels
 * show (a gateway reconnect, 429s from Discord, a poison message). Then every query of every dashboard
 * panel and every alert rule is evaluated as Grafana and Prometheus would: each must parse, and each
 * panel must return data.
 */

const root = resolve(import.meta.dirname, '../../..');
/** Grafana's $__rate_interval for the local Prometheus's 5 s scrapes: four scrapes. */
const RATE_INTERVAL = '20s';
const TRAFFIC_MS = 30_000;
const EXPORT_URL = 'http://127.0.0.1:8102';

const ns = createTestBusNamespace('live');
const redis = createTestRedisPrefix('live');
const scratch = mkdtempSync(join(tmpdir(), 'deploy-checks-live-'));
let database: TestDatabase;
let stack: LocalStack | undefined;
let prometheus: PrometheusServer | undefined;

/** The ports the stack's services listen on, from their package.json manifests. */
function servicePorts(): number[] {
  const ports: number[] = [];
  for (const dir of ['services/rest-proxy', 'services/gateway-ingest', 'services/stats', 'services/export']) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    if (manifest.scripts?.start && manifest.platform?.httpPort) ports.push(manifest.platform.httpPort);
  }
  return ports;
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(false)));
  });
}

async function control(url: string, method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator control ${method} ${path}: ${response.status} ${await response.text()}`);
}

/** A message no consumer can decode, published where stats reads: it must end as a dead letter. */
async function publishPoison(namespace: string, guildId: string): Promise<void> {
  const nc = await connect({ servers: testEndpoints.natsUrl });
  try {
    const subject = createSubjects(busNamespace(namespace)).dispatch('MESSAGE_CREATE', guildId);
    await jetstream(nc).publish(subject, 'this is not an envelope');
  } finally {
    await nc.close();
  }
}

beforeAll(async () => {
  const taken = [];
  for (const port of servicePorts()) if (await portTaken(port)) taken.push(port);
  if (taken.length > 0) throw new Error(`ports ${taken.join(', ')} are in use: stop \`npm start\` before this check`);

  database = await createTestDatabase('live');
  const state = join(scratch, 'state');
  stack = await startLocalStack(root, {
    LOCAL_STATE_DIR: state,
    BUS_NAMESPACE: ns.name,
    DATABASE_URL: database.url,
    REDIS_PREFIX: redis.prefix,
    LOG_LEVEL: 'warn',
    EXPORT_WORK_DIR: join(scratch, 'export', 'work'),
    EXPORT_OUTPUT_DIR: join(scratch, 'export', 'output'),
  });
  const config = readFileSync(join(root, 'infra/local/prometheus.yml'), 'utf8')
    .replace('@TARGETS@', join(state, 'prometheus', 'targets.json'))
    .replace('@RULES@', join(root, 'infra/prometheus/alerts.yml'));
  prometheus = await startPrometheus({ config, dir: join(scratch, 'prometheus'), port: await freePort() });

  const sim = JSON.parse(readFileSync(join(state, 'discord-sim.json'), 'utf8')) as SimHandoff;
  await control(sim.controlUrl, 'PATCH', '/traffic', {
    messagesPerSecond: 40,
    reactionsPerSecond: 20,
    voiceJoinsPerSecond: 2,
    memberJoinsPerSecond: 2,
    memberLeavesPerSecond: 1,
    interactionsPerSecond: 3,
    updatesPerSecond: 5,
  });
  await sleep(TRAFFIC_MS / 2);
  const guilds = await pgRows<{ guild_id: string }>('SELECT guild_id::text FROM stats.guilds LIMIT 1');
  // Before the faults below, which would refuse its first calls.
  exportJob = await runExportJob(sim, guilds[0]?.guild_id ?? '1');
  // A heartbeat asked for now, rather than at the 41 s interval; then a reconnect, which resumes.
  await control(sim.controlUrl, 'POST', '/faults/gateway', { action: 'heartbeat' });
  await sleep(1000);
  await control(sim.controlUrl, 'POST', '/faults/gateway', { action: 'reconnect' });
  // Short 429s the proxy retries, then ones longer than its QUEUE_MAX_WAIT, which reach the callers.
  await control(sim.controlUrl, 'POST', '/faults/rest', { force429: { retryAfterMs: 200, count: 5 } });
  await sleep(2000);
  await control(sim.controlUrl, 'POST', '/faults/rest', { force429: { retryAfterMs: 60_000, count: 2 } });
  await publishPoison(ns.name, guilds[0]?.guild_id ?? '1');
  await sleep(TRAFFIC_MS / 2);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await prometheus?.stop();
  await database?.drop();
  await ns.clear();
  await redis.clear();
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

interface SimHandoff {
  token: string;
  apiUrl: string;
  controlUrl: string;
}

/** What became of the export job the check asked for. */
let exportJob: { state: string; detail: string } | undefined;

/** Asks the export service, as an API client would, for a JSON export of a guild's first text channel, and waits for it. */
async function runExportJob(sim: SimHandoff, guildId: string): Promise<{ state: string; detail: string }> {
  const listed = await fetch(`${sim.apiUrl}/v10/guilds/${guildId}/channels`, {
    headers: { authorization: `Bot ${sim.token}` },
  });
  const channels = (await listed.json()) as { id: string; type: number }[];
  if (!Array.isArray(channels)) return { state: `no channels (${listed.status})`, detail: JSON.stringify(channels) };
  const channel = channels.find((c) => c.type === 0);
  const headers = { authorization: `Bearer ${DEV_INTERNAL_API_TOKEN}`, 'content-type': 'application/json' };
  const created = await fetch(`${EXPORT_URL}/exports`, {
    method: 'POST',
    headers,
    // What the traffic wrote in the last minutes, not the channel's generated history: the job shows the
    // service works, and its duration is not this check's business (the export benchmark's is).
    body: JSON.stringify({
      guildId,
      channels: [channel?.id],
      formats: ['Json'],
      after: new Date(Date.now() - 5 * 60_000).toISOString(),
    }),
  });
  const { id } = (await created.json()) as { id: string };
  const deadline = Date.now() + 90_000;
  let job: { state: string } = { state: `not created (${created.status})` };
  while (id && Date.now() < deadline) {
    job = (await (await fetch(`${EXPORT_URL}/exports/${id}`, { headers })).json()) as { state: string };
    if (job.state === 'done' || job.state === 'failed') break;
    await sleep(500);
  }
  return { state: job.state, detail: JSON.stringify(job) };
}

async function pgRows<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Why a failing check failed: what the stack and Prometheus printed last. */
const diagnostics = () =>
  `\n--- stack ---\n${stack?.output().slice(-3000)}\n--- prometheus ---\n${prometheus?.log().slice(-1500)}`;

describe('the local stack under simulated traffic, scraped by Prometheus', () => {
  it('has every service up as a scrape target', async () => {
    const targets = await (prometheus as PrometheusServer).targets();
    const jobs = targets.map((target) => target.job).sort();
    expect(jobs.length, diagnostics()).toBe(servicePorts().length);
    for (const target of targets) expect(target.health, `${target.job}: ${target.lastError}`).toBe('up');
  });

  it('runs an export job asked for over the HTTP API', () => {
    expect(exportJob?.state, exportJob?.detail).toBe('done');
  });

  it('loads every alert rule, and evaluates each without an error', async () => {
    const file = parse(readFileSync(join(root, 'infra/prometheus/alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const declared = file.groups.flatMap((group) => group.rules);
    const loaded = await (prometheus as PrometheusServer).rules();
    expect(loaded.map((rule) => rule.name).sort()).toEqual(declared.map((rule) => rule.alert).sort());
    for (const rule of loaded) expect(rule.lastError ?? '', rule.name).toBe('');
    for (const rule of declared) {
      const answer = await (prometheus as PrometheusServer).query(rule.expr);
      expect(answer.error ?? '', rule.alert).toBe('');
    }
  });

  const dashboards = readDashboards(join(root, 'grafana/dashboards'));

  it('finds the dashboards: one per running service, the bus, and the community', () => {
    expect(dashboards.map((d) => d.uid)).toEqual(
      expect.arrayContaining([
        'platform-export',
        'platform-rest-proxy',
        'platform-gateway-ingest',
        'platform-stats',
        'platform-bus',
        'community-activity',
      ]),
    );
  });

  for (const dashboard of dashboards) {
    it(`${dashboard.file}: every panel's query parses and returns data`, async () => {
      const now = new Date();
      const variables: Record<string, string> = {};
      for (const variable of dashboard.variables) {
        const rows = await pgRows<{ __value: string }>(variable.query);
        expect(rows.length, `variable ${variable.name} has no value${diagnostics()}`).toBeGreaterThan(0);
        variables[variable.name] = (rows[0] as { __value: string }).__value;
      }
      const scope: QueryScope = {
        from: relativeTime(dashboard.time.from, now),
        to: relativeTime(dashboard.time.to, now),
        rateInterval: RATE_INTERVAL,
        interval: '5s',
        variables,
      };
      const panels = new Map<string, PanelQuery[]>();
      for (const query of panelQueries(dashboard)) panels.set(query.panel, [...(panels.get(query.panel) ?? []), query]);
      for (const [panel, queries] of panels) {
        // A panel shows data when one of its queries returns some; every query must run.
        let rows = 0;
        for (const query of queries) {
          const where = `${dashboard.file} "${panel}" ${query.refId}`;
          const text = fillQuery(query.text, scope);
          if (query.kind === 'postgres') {
            const result = await pgRows(text).catch((error: Error) => {
              throw new Error(`${where}: ${error.message}\n${text}`);
            });
            rows += result.length;
            continue;
          }
          const answer = await (prometheus as PrometheusServer).query(text);
          expect(answer.error ?? '', `${where}\n${text}`).toBe('');
          rows += answer.result.length;
        }
        const texts = queries.map((query) => query.text).join('\n');
        expect(rows, `${dashboard.file} "${panel}" returned no data\n${texts}${diagnostics()}`).toBeGreaterThan(0);
      }
    });
  }
});
