import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Prometheus's answer to a query: the result, or why the expression was refused. */
export interface QueryAnswer {
  status: 'success' | 'error';
  error?: string;
  resultType?: string;
  result: unknown[];
}

export interface ScrapeTarget {
  job: string;
  url: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

export interface RuleState {
  group: string;
  name: string;
  health: string;
  lastError?: string;
}

/** A running Prometheus and the parts of its HTTP API the checks read. */
export interface PrometheusServer {
  url: string;
  query(expr: string): Promise<QueryAnswer>;
  targets(): Promise<ScrapeTarget[]>;
  rules(): Promise<RuleState[]>;
  /** Prometheus's own log, for failures. */
  log(): string;
  stop(): Promise<void>;
}

/** Prometheus did not start or answer. */
export class PrometheusStartError extends Error {
  constructor(reason: string, log: string) {
    super(`Prometheus did not start: ${reason}\n${log.slice(-2000)}`);
    this.name = 'PrometheusStartError';
  }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  return (await response.json()) as T;
}

/**
 * Starts `prometheus` (Debian's package; PROMETHEUS overrides the command) with `config` in `dir`,
 * listening on 127.0.0.1:`port`, and resolves once it is ready.
 */
export async function startPrometheus(options: {
  config: string;
  dir: string;
  port: number;
}): Promise<PrometheusServer> {
  mkdirSync(options.dir, { recursive: true });
  const configFile = join(options.dir, 'prometheus.yml');
  writeFileSync(configFile, options.config);
  const command = process.env.PROMETHEUS ?? 'prometheus';
  const url = `http://127.0.0.1:${options.port}`;
  let output = '';
  const child: ChildProcess = spawn(
    command,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(options.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${options.port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const keep = (chunk: Buffer) => {
    output = `${output}${chunk.toString('utf8')}`.slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const api = `${url}/api/v1`;
  const server: PrometheusServer = {
    url,
    query: (expr) =>
      getJson<{ status: 'success' | 'error'; error?: string; data?: { resultType: string; result: unknown[] } }>(
        `${api}/query?query=${encodeURIComponent(expr)}`,
      ).then((body) => ({
        status: body.status,
        ...(body.error ? { error: body.error } : {}),
        ...(body.data ? { resultType: body.data.resultType } : {}),
        result: body.data?.result ?? [],
      })),
    targets: async () => {
      const body = await getJson<{
        data: {
          activeTargets: {
            labels: { job: string };
            scrapeUrl: string;
            health: ScrapeTarget['health'];
            lastError: string;
          }[];
        };
      }>(`${api}/targets?state=active`);
      return body.data.activeTargets.map((t) => ({
        job: t.labels.job,
        url: t.scrapeUrl,
        health: t.health,
        lastError: t.lastError,
      }));
    },
    rules: async () => {
      const body = await getJson<{
        data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] };
      }>(`${api}/rules`);
      return body.data.groups.flatMap((group) =>
        group.rules.map((rule) => ({
          group: group.name,
          name: rule.name,
          health: rule.health,
          ...(rule.lastError ? { lastError: rule.lastError } : {}),
        })),
      );
    },
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, sleep(250).then(() => undefined)]);
    if (failed) {
      const missing = (failed as NodeJS.ErrnoException).code === 'ENOENT';
      throw new PrometheusStartError(
        missing ? `${command} not found: install Debian's prometheus package` : failed.message,
        output,
      );
    }
    if (child.exitCode !== null) throw new PrometheusStartError(`it exited with code ${child.exitCode}`, output);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return server;
  }
  await server.stop();
  throw new PrometheusStartError('not ready within 30 s', output);
}
