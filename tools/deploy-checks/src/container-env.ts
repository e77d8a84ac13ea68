import type { EnvProblem } from './check-compose-service.js';
import type { KubeObject } from './kustomize-render.js';

interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef; fieldRef?: { fieldPath: string } };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface Container {
  name: string;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
}

/** Values for what a rendered manifest leaves to the cluster: Secrets created apart, and the pod's own fields. */
export interface EnvPlaceholders {
  /** By `<secret name>/<key>`: the value the README tells the operator to store there. */
  secrets: Record<string, string>;
  /** By field path (`metadata.name`). */
  fields: Record<string, string>;
}

export interface ContainerEnv {
  env: Record<string, string>;
  problems: EnvProblem[];
}

function dataOf(object: KubeObject | undefined): Record<string, string> | undefined {
  if (!object) return undefined;
  const data = (object.data ?? {}) as Record<string, string>;
  if (object.kind !== 'Secret') return data;
  const decoded = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
  );
  return { ...decoded, ...((object.stringData ?? {}) as Record<string, string>) };
}

/**
 * The environment a container starts with, as the kubelet builds it: `envFrom` sources in order, then `env`
 * over them. ConfigMaps and Secrets are read from the rendered objects; a Secret that is not among them is
 * one the operator creates, and its keys take their placeholders. A reference nothing resolves is a problem.
 */
export function containerEnv(container: Container, objects: KubeObject[], placeholders: EnvPlaceholders): ContainerEnv {
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const env: Record<string, string> = {};
  const problems: EnvProblem[] = [];

  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef
      ? ['ConfigMap', source.configMapRef]
      : ['Secret', source.secretRef ?? { name: '' }];
    const data = dataOf(find(kind, ref.name));
    if (!data) {
      if (!ref.optional) problems.push({ variable: '(envFrom)', reason: `no ${kind} ${ref.name} in the manifests` });
      continue;
    }
    for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ''}${key}`] = value;
  }

  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) {
      env[variable.name] = variable.value ?? '';
      continue;
    }
    let value: string | undefined;
    let missing: string;
    if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      value = dataOf(find('ConfigMap', ref.name))?.[ref.key];
      missing = `no key ${ref.key} in ConfigMap ${ref.name}`;
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const secret = find('Secret', ref.name);
      value = secret ? dataOf(secret)?.[ref.key] : placeholders.secrets[`${ref.name}/${ref.key}`];
      missing = secret
        ? `no key ${ref.key} in Secret ${ref.name}`
        : `no placeholder for ${ref.name}/${ref.key}, a Secret created apart`;
    } else {
      const path = from.fieldRef?.fieldPath ?? '';
      value = placeholders.fields[path];
      missing = `no placeholder for the field ${path}`;
    }
    // An optional reference that finds nothing leaves the variable unset, as the kubelet does.
    const optional = from.secretKeyRef?.optional === true || from.configMapKeyRef?.optional === true;
    if (value === undefined && !optional) problems.push({ variable: variable.name, reason: missing });
    else if (value !== undefined) env[variable.name] = value;
  }
  return { env, problems };
}
