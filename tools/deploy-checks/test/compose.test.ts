import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createWorld } from '@platform/discord-sim';
import { findLaunchables } from '@platform/stack/src/workspaces.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { byteSize } from '../src/byte-size.js';
import { checkComposeService } from '../src/check-compose-service.js';
import { type ComposeFile, type ComposeService, loadCompose } from '../src/compose-file.js';
import type { HostEnv } from '../src/interpolate.js';
import { serviceSchemas } from '../src/service-schemas.js';

const root = resolve(import.meta.dirname, '../../..');
const composeFile = join(root, 'docker-compose.yml');
const launchables = findLaunchables(root);
const services = launchables.filter((l) => l.manifest.role === 'service');
const simulator = launchables.find((l) => l.manifest.role === 'simulator');
const composeName = (packageName: string) => packageName.replace(/^@platform\//, '');
const serviceNames = services.map((s) => composeName(s.name));

/** Every compose service of `compose` that is a platform service, with its configuration schema. */
function platformServices(compose: ComposeFile) {
  return services.map((s) => {
    const schema = serviceSchemas[s.name];
    if (!schema) throw new Error(`${s.name} has no configuration schema in src/service-schemas.ts`);
    return { name: composeName(s.name), schema, service: compose.services[composeName(s.name)] };
  });
}

/** Where the simulator writes its first bot's token in the sim-token volume, and a host file holding it. */
const SIM_TOKEN_PATH = '/run/discord-sim/token';
const demoToken = createWorld('demo').bots[0]?.token ?? '';
const simTokenFile = join(mkdtempSync(join(tmpdir(), 'deploy-checks-compose-')), 'token');
writeFileSync(simTokenFile, `${demoToken}\n`);

function configsUnder(env: HostEnv) {
  const compose = loadCompose(composeFile, env);
  const files = { [SIM_TOKEN_PATH]: simTokenFile };
  return Object.fromEntries(
    platformServices(compose).map(({ name, schema }) => [name, checkComposeService(compose, name, schema, files)]),
  );
}

const demo = loadCompose(composeFile, {});
const demoConfigs = configsUnder({});

function httpPortOf(name: string): number {
  const port = demoConfigs[name]?.config?.HTTP_PORT;
  if (typeof port !== 'number') throw new Error(`${name} has no HTTP_PORT in its configuration`);
  return port;
}

function flag(service: ComposeService | undefined, name: string): string | undefined {
  const command = service?.command ?? [];
  const index = command.indexOf(name);
  return index === -1 ? undefined : command[index + 1];
}

describe('docker-compose.yml', () => {
  it('has every service of the tree, built from its own workspace', () => {
    expect(serviceNames).toEqual(expect.arrayContaining(['rest-proxy', 'gateway-ingest', 'stats']));
    for (const s of services) {
      const service = demo.services[composeName(s.name)];
      expect(service, `no compose service for ${s.name}`).toBeDefined();
      expect(service?.build?.context).toBe('.');
      expect(service?.build?.args.SERVICE).toBe(composeName(s.name));
      expect(service?.build?.args.WORKSPACE ?? `services/${composeName(s.name)}`).toBe(relative(root, s.dir));
    }
  });

  it.each(serviceNames)('gives %s an environment its configuration schema accepts, with no token set', (name) => {
    expect(demoConfigs[name]?.problems).toEqual([]);
    expect(demoConfigs[name]?.config?.HTTP_HOST).toBe('0.0.0.0');
  });

  it('points every service at real Discord when the host says so', () => {
    const token = `${Buffer.from('123456789012345678').toString('base64url')}.abcdef.${'x'.repeat(38)}`;
    const configs = configsUnder({
      DISCORD_TOKEN: token,
      DISCORD_UPSTREAM_URL: 'https://discord.com/api',
      DISCORD_GATEWAY_URL: '',
    });
    for (const name of serviceNames) expect(configs[name]?.problems, name).toEqual([]);
    expect(configs['rest-proxy']?.config).toMatchObject({
      DISCORD_UPSTREAM_URL: 'https://discord.com/api',
      DISCORD_TOKEN: [token],
    });
    // No override: gateway-ingest connects where GET /gateway/bot says.
    expect(configs['gateway-ingest']?.config?.DISCORD_GATEWAY_URL).toBeUndefined();
    expect(configs['gateway-ingest']?.config?.DISCORD_TOKEN).toBe(token);
  });

  it('refuses to run with the development secret in production, and runs once it is set', () => {
    const unset = configsUnder({ NODE_ENV: 'production' });
    expect(unset.stats?.problems).toEqual([
      { variable: 'INTERNAL_API_TOKEN', reason: 'required when NODE_ENV=production' },
    ]);
    const set = configsUnder({ NODE_ENV: 'production', INTERNAL_API_TOKEN: 'a-long-production-secret' });
    for (const name of serviceNames) expect(set[name]?.problems, name).toEqual([]);
    expect(set.stats?.config?.INTERNAL_API_TOKEN).toBe('a-long-production-secret');
  });

  it.each(Object.keys(demo.services))('runs %s with a health check, a restart policy and a memory limit', (name) => {
    const service = demo.services[name];
    expect(service?.healthcheck?.test[0]).toMatch(/^CMD(-SHELL)?$/);
    expect(['always', 'unless-stopped', 'on-failure']).toContain(service?.restart?.replace(/:\d+$/, ''));
    const memory = service?.deploy?.resources?.limits?.memory;
    expect(byteSize(memory ?? ''), `memory limit ${memory}`).toBeGreaterThanOrEqual(64 * 1024 ** 2);
  });

  it.each(serviceNames)('checks the health of %s on its own port, on /readyz or /healthz', (name) => {
    const check = demo.services[name]?.healthcheck?.test.join(' ') ?? '';
    const url = /http:\/\/127\.0\.0\.1:(\d+)(\/[a-z]+)/.exec(check);
    expect(url?.[1], check).toBe(String(httpPortOf(name)));
    expect(['/readyz', '/healthz']).toContain(url?.[2]);
  });

  it('builds stats with the font its charts are drawn with', () => {
    expect(demoConfigs.stats?.config?.CHART_FONT_DIR).toBe('/usr/share/fonts/truetype/dejavu');
    expect(demo.services.stats?.build?.args.APT_PACKAGES?.split(/\s+/)).toContain('fonts-dejavu-core');
  });
});

describe('the simulator in docker-compose.yml', () => {
  const name = composeName(simulator?.name ?? '');
  const sim = demo.services[name];

  it('runs only under the demo profile, and nothing else needs a profile', () => {
    expect(sim?.profiles).toEqual(['demo']);
    expect(sim?.build?.args.WORKSPACE).toBe(relative(root, simulator?.dir ?? ''));
    const others = Object.entries(demo.services).filter(([other]) => other !== name);
    for (const [other, service] of others) {
      expect(service.profiles, other).toBeUndefined();
      // Without the demo profile the simulator is absent: nothing may require it.
      expect(service.depends_on[name]?.required ?? false, other).toBe(false);
    }
  });

  it("is what the services talk to without a token: the demo scenario's first bot, on the simulator's ports", () => {
    expect(flag(sim, '--scenario')).toBe('demo');
    expect(flag(sim, '--host')).toBe('0.0.0.0');
    const token = demoToken;
    expect(token).not.toBe('');
    // Read from the file the simulator writes, never written into the compose file.
    expect(sim?.environment.SIM_TOKEN_FILE).toBe(SIM_TOKEN_PATH);
    expect(sim?.volumes).toContain('sim-token:/run/discord-sim');
    expect(readFileSync(composeFile, 'utf8')).not.toContain(token);
    expect(demoConfigs['rest-proxy']?.config?.DISCORD_TOKEN).toEqual([token]);
    expect(demoConfigs['gateway-ingest']?.config?.DISCORD_TOKEN).toBe(token);
    expect(demoConfigs.stats?.config?.DISCORD_TOKEN).toBe(token);

    const upstream = new URL(String(demoConfigs['rest-proxy']?.config?.DISCORD_UPSTREAM_URL));
    expect([upstream.hostname, upstream.port, upstream.pathname]).toEqual([name, flag(sim, '--port'), '/api']);
    const gateway = new URL(String(demoConfigs['gateway-ingest']?.config?.DISCORD_GATEWAY_URL));
    expect([gateway.hostname, gateway.port]).toEqual([name, flag(sim, '--gateway-port')]);
  });
});

describe('infrastructure in docker-compose.yml', () => {
  it('runs NATS with JetStream from infra/nats/nats.conf, stored in a named volume', () => {
    const nats = demo.services.nats;
    expect(nats?.command).toEqual(['--config', '/etc/nats/nats.conf']);
    expect(nats?.volumes).toContain('./infra/nats/nats.conf:/etc/nats/nats.conf:ro');
    const conf = readFileSync(join(root, 'infra/nats/nats.conf'), 'utf8');
    const storeDir = /jetstream\s*\{[^}]*store_dir:\s*(\S+)/.exec(conf)?.[1] ?? '';
    const volume = nats?.volumes.map((v) => v.split(':')).find(([, target]) => storeDir.startsWith(`${target}/`));
    expect(volume, `a volume holding ${storeDir}`).toBeDefined();
    expect(Object.keys(demo.volumes)).toContain(volume?.[0]);
  });

  it('has Prometheus scrape every service on its HTTP port', () => {
    expect(demo.services.prometheus?.volumes).toContain(
      './infra/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
    const config = parse(readFileSync(join(root, 'infra/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; metrics_path?: string; static_configs?: { targets: string[] }[] }[];
    };
    for (const name of serviceNames) {
      const job = config.scrape_configs.find((j) => j.job_name === name);
      expect(job, `a scrape job named ${name}`).toBeDefined();
      expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
      expect(job?.static_configs?.flatMap((c) => c.targets)).toEqual([`${name}:${httpPortOf(name)}`]);
    }
  });

  it('provisions Grafana with Prometheus and PostgreSQL data sources on their compose hosts', () => {
    const grafana = demo.services.grafana;
    expect(grafana?.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
    expect(grafana?.volumes).toContain('./grafana/dashboards:/etc/grafana/dashboards:ro');
    const file = join(root, 'grafana/provisioning/datasources/datasources.yml');
    const { datasources } = parse(readFileSync(file, 'utf8')) as {
      datasources: { uid: string; url: string; secureJsonData?: { password?: string } }[];
    };
    expect(datasources.map((d) => [d.uid, d.url])).toEqual([
      ['prometheus', 'http://prometheus:9090'],
      ['postgres', 'postgres:5432'],
    ]);
    // Grafana reads the password from its own environment, which compose fills from the same variable.
    expect(datasources[1]?.secureJsonData?.password).toBe('$POSTGRES_PASSWORD');
    expect(grafana?.environment.POSTGRES_PASSWORD).toBe(demo.services.postgres?.environment.POSTGRES_PASSWORD);
    const dashboards = parse(readFileSync(join(root, 'grafana/provisioning/dashboards/dashboards.yml'), 'utf8')) as {
      providers: { options: { path: string } }[];
    };
    expect(dashboards.providers.map((p) => p.options.path)).toEqual(['/etc/grafana/dashboards']);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('runs the image as an unprivileged user', () => {
    expect(runtime).toMatch(/^USER node$/m);
  });

  it('keeps dev dependencies out of the image it runs', () => {
    const installs = [...runtime.matchAll(/^COPY --from=(\S+)/gm)].map((m) => m[1]);
    expect(installs).toEqual(['build', 'production-deps']);
    expect(dockerfile).toMatch(/FROM base AS production-deps\n(?:.*\n)*?RUN .*npm ci --omit=dev/);
  });
});
