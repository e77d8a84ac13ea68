import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findLaunchables } from '@platform/stack/src/workspaces.js';
import { describe, expect, it } from 'vitest';
import { checkComposeService } from '../src/check-compose-service.js';
import type { ComposeFile } from '../src/compose-file.js';
import { type Container, containerEnv, type EnvPlaceholders } from '../src/container-env.js';
import { schemaProblem } from '../src/kube-schemas.js';
import { KubectlMissingError, type KubeObject, renderKustomization } from '../src/kustomize-render.js';
import { serviceSchemas } from '../src/service-schemas.js';

const root = resolve(import.meta.dirname, '../../..');
const k8s = join(root, 'infra/k8s');
const readme = readFileSync(join(k8s, 'README.md'), 'utf8');
const services = findLaunchables(root)
  .filter((l) => l.manifest.role === 'service')
  .map((l) => l.name.replace(/^@platform\//, ''));
const overlays = ['development', 'production'] as const;
/** Services whose load follows CPU and that share their work across replicas. */
const autoscaled = ['rest-proxy', 'stats', 'export'];

const botToken = `${Buffer.from('123456789012345678').toString('base64url')}.abcdef.${'x'.repeat(38)}`;
/** What the README has the operator put in the Secrets the manifests reference. */
const placeholders: EnvPlaceholders = {
  secrets: {
    'platform-secrets/discord-token': botToken,
    'platform-secrets/internal-api-token': 'a-long-production-secret',
    'platform-secrets/stats-database-url':
      'postgres://stats:a-long-password@platform-db-rw.postgres.svc.cluster.local:5432/platform',
    'platform-secrets/export-database-url':
      'postgres://export:a-long-password@platform-db-rw.postgres.svc.cluster.local:5432/platform',
  },
  fields: { 'metadata.name': 'gateway-ingest-7d9f8c6b5-x2k4q' },
};

interface Port {
  name?: string;
  containerPort?: number;
  port?: number;
  targetPort?: number | string;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
}
interface PodContainer extends Container {
  image?: string;
  ports?: Port[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
}
interface Deployment extends KubeObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: { containers: PodContainer[]; securityContext?: SecurityContext };
    };
  };
}
interface Selecting extends KubeObject {
  spec: {
    selector: Record<string, string> & { matchLabels?: Record<string, string> };
    ports?: Port[];
    endpoints?: { port?: string; path?: string }[];
    scaleTargetRef?: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: { type: string; resource?: { name: string } }[];
  };
}

function render(overlay: string) {
  const objects = renderKustomization(join(k8s, 'overlays', overlay));
  const of = <T extends KubeObject>(kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name) as T | undefined;
  const deployment = (name: string) => {
    const found = of<Deployment>('Deployment', name);
    if (!found) throw new Error(`no Deployment ${name} in the ${overlay} overlay`);
    return found;
  };
  // The manifests as the compose checker sees a file: a Service name is a host, and Kubernetes has no
  // start order (readiness probes hold traffic instead), so every service may name every other.
  const hosts = objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
  const view = {
    services: Object.fromEntries(
      hosts.map((host) => {
        const container = objects.some((o) => o.kind === 'Deployment' && o.metadata.name === host)
          ? deployment(host).spec.template.spec.containers[0]
          : undefined;
        const resolved = container ? containerEnv(container, objects, placeholders) : { env: {}, problems: [] };
        const dependsOn = Object.fromEntries(hosts.map((h) => [h, { condition: 'service_started', required: true }]));
        return [host, { environment: resolved.env, depends_on: dependsOn, ports: [], volumes: [], resolved }];
      }),
    ),
    volumes: {},
  } satisfies ComposeFile;
  const check = (name: string) => {
    const schema = serviceSchemas[`@platform/${name}`];
    if (!schema) throw new Error(`@platform/${name} has no configuration schema in src/service-schemas.ts`);
    const result = checkComposeService(view, name, schema);
    return { ...result, problems: [...(view.services[name]?.resolved.problems ?? []), ...result.problems] };
  };
  return { objects, of, deployment, check };
}

const rendered = Object.fromEntries(overlays.map((overlay) => [overlay, render(overlay)]));
const cases = overlays.flatMap((overlay) => services.map((service) => [overlay, service] as const));

function containerPort(container: PodContainer, port: number | string | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

describe('rendering infra/k8s', () => {
  it('says to install kubectl when it is missing, instead of passing', () => {
    expect(() => renderKustomization(join(k8s, 'overlays/production'), '/nonexistent/kubectl')).toThrow(
      KubectlMissingError,
    );
    expect(() => renderKustomization(join(k8s, 'overlays/production'), '/nonexistent/kubectl')).toThrow(
      /install kubectl/,
    );
  });

  it('covers every service of the tree', () => {
    expect(services).toEqual(expect.arrayContaining(['rest-proxy', 'gateway-ingest', 'stats', 'export']));
  });

  it.each(overlays)('renders %s into objects that are valid against the Kubernetes schemas', (overlay) => {
    const objects = rendered[overlay]?.objects ?? [];
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects
      .map((o) => [`${o.kind}/${o.metadata.name}`, schemaProblem(o)])
      .filter(([, problem]) => problem !== undefined);
    expect(problems).toEqual([]);
  });

  it('refuses an object its schema refuses, and a kind it has no schema for', () => {
    const deployment = rendered.production?.deployment('stats');
    const broken = structuredClone(deployment) as Deployment;
    const port = broken.spec.template.spec.containers[0]?.ports?.[0] as { containerPort: unknown };
    port.containerPort = 'http';
    expect(schemaProblem(broken)).toMatch(/containerPort must be integer/);
    expect(schemaProblem({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toMatch(/no schema/);
  });
});

describe.each(cases)('the %s overlay, for %s', (overlay, name) => {
  const { of, deployment, check } = rendered[overlay] ?? render(overlay);
  const pod = deployment(name).spec.template;
  const container = pod.spec.containers[0] as PodContainer;
  const { config, problems } = check(name);
  const httpPort = config?.HTTP_PORT;

  it('gives the container an environment its configuration schema accepts, Secrets and ConfigMap resolved', () => {
    expect(problems).toEqual([]);
    expect(config?.HTTP_HOST).toBe('0.0.0.0');
    expect(config?.NODE_ENV).toBe(overlay === 'production' ? 'production' : 'development');
    expect(container.envFrom?.map((source) => source.configMapRef?.name)).toEqual([
      expect.stringMatching(new RegExp(`^${name}-env-`)),
    ]);
  });

  it('probes /healthz for liveness and /readyz for readiness on the HTTP_PORT it listens on', () => {
    expect(typeof httpPort).toBe('number');
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(containerPort(container, container.livenessProbe?.httpGet?.port)).toBe(httpPort);
    expect(containerPort(container, container.readinessProbe?.httpGet?.port)).toBe(httpPort);
  });

  it('has a Service onto its pods and HTTP_PORT, a PodDisruptionBudget and a ServiceMonitor on /metrics', () => {
    const service = of<Selecting>('Service', name);
    expect(service, `Service ${name}`).toBeDefined();
    expect(pod.metadata.labels).toMatchObject(service?.spec.selector ?? { missing: 'selector' });
    const servicePort = service?.spec.ports?.[0];
    expect(containerPort(container, servicePort?.targetPort)).toBe(httpPort);

    const budget = of<Selecting>('PodDisruptionBudget', name);
    expect(budget, `PodDisruptionBudget ${name}`).toBeDefined();
    expect(pod.metadata.labels).toMatchObject(budget?.spec.selector.matchLabels ?? { missing: 'selector' });

    const monitor = of<Selecting>('ServiceMonitor', name);
    expect(monitor, `ServiceMonitor ${name}`).toBeDefined();
    expect(service?.metadata.labels).toMatchObject(monitor?.spec.selector.matchLabels ?? { missing: 'selector' });
    expect(monitor?.spec.endpoints).toEqual([expect.objectContaining({ port: servicePort?.name, path: '/metrics' })]);
  });

  it('names in its URLs only Services on ports they expose, or qualified cluster names', () => {
    for (const value of Object.values(config ?? {})) {
      if (typeof value !== 'string' || !/^[a-z]+:\/\//.test(value)) continue;
      const url = new URL(value);
      if (url.hostname.includes('.')) continue;
      const ports = of<Selecting>('Service', url.hostname)?.spec.ports?.map((p) => String(p.port));
      expect(ports, value).toContain(url.port);
    }
  });

  it('sets CPU and memory requests and limits, and runs as a non-root user without privilege escalation', () => {
    for (const kind of ['requests', 'limits'] as const) {
      expect(container.resources?.[kind]?.cpu, kind).toBeDefined();
      expect(container.resources?.[kind]?.memory, kind).toBeDefined();
    }
    const security = { ...pod.spec.securityContext, ...container.securityContext };
    expect(security.runAsNonRoot).toBe(true);
    // The image's user is `node`, a name the kubelet cannot check against runAsNonRoot: it needs the number.
    expect(security.runAsUser).toBeGreaterThan(0);
    expect(security.allowPrivilegeEscalation).toBe(false);
  });

  it('runs an image with a pinned tag', () => {
    expect(container.image).toMatch(new RegExp(`^discord-platform/${name}:(?!latest$)[\\w.-]+$`));
  });

  it('documents every Secret key it reads in infra/k8s/README.md', () => {
    const keys = (container.env ?? []).flatMap((v) => (v.valueFrom?.secretKeyRef ? [v.valueFrom.secretKeyRef] : []));
    for (const ref of keys) {
      expect(readme).toContain(ref.name);
      expect(readme).toContain(`--from-literal=${ref.key}=`);
    }
  });
});

describe.each(overlays)('scaling in the %s overlay', (overlay) => {
  const { of, deployment, check } = rendered[overlay] ?? render(overlay);

  it.each(autoscaled)('autoscales %s on CPU, and leaves its replica count to the autoscaler', (name) => {
    const autoscaler = of<Selecting>('HorizontalPodAutoscaler', name);
    expect(autoscaler?.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
    expect(autoscaler?.spec.metrics?.map((m) => m.resource?.name)).toContain('cpu');
    expect(autoscaler?.spec.minReplicas).toBeGreaterThanOrEqual(1);
    expect(autoscaler?.spec.maxReplicas).toBeGreaterThan(autoscaler?.spec.minReplicas ?? 0);
    expect(deployment(name).spec.replicas).toBeUndefined();
  });

  it("keeps each rest-proxy to 1/REPLICAS of Discord's limits for as many replicas as the autoscaler may run", () => {
    expect(check('rest-proxy').config?.REPLICAS).toBe(
      of<Selecting>('HorizontalPodAutoscaler', 'rest-proxy')?.spec.maxReplicas,
    );
  });

  it('runs gateway-ingest at a fixed replica count, sharing shards by lease, with no autoscaler', () => {
    expect(of('HorizontalPodAutoscaler', 'gateway-ingest')).toBeUndefined();
    expect(deployment('gateway-ingest').spec.replicas).toBe(overlay === 'production' ? 2 : 1);
    const env = deployment('gateway-ingest').spec.template.spec.containers[0]?.env ?? [];
    // The lease owner is named after its pod, so a lease in NATS KV says which pod holds the shard.
    expect(env.find((v) => v.name === 'REPLICA_ID')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
  });
});
