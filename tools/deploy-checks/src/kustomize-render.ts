import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/** One object of a rendered manifest, as far as every object has it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** kubectl could not be run: the checks of infra/k8s need it, and must fail rather than pass without it. */
export class KubectlMissingError extends Error {
  constructor(command: string) {
    super(
      `${command} not found: install kubectl (https://kubernetes.io/docs/tasks/tools/, or Debian's kubectl package) ` +
        'to render infra/k8s with kustomize; set KUBECTL to its path if it is not on PATH',
    );
    this.name = 'KubectlMissingError';
  }
}

/**
 * Renders a kustomization directory with `kubectl kustomize`, the kustomize every cluster operator has, and
 * returns its objects. Throws {@link KubectlMissingError} when kubectl is absent and kubectl's own message
 * when the kustomization is wrong.
 */
export function renderKustomization(dir: string, kubectl = process.env.KUBECTL ?? 'kubectl'): KubeObject[] {
  let output: string;
  try {
    output = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new KubectlMissingError(kubectl);
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`kubectl kustomize ${dir} failed: ${stderr || (error as Error).message}`);
  }
  return parseAllDocuments(output).map((document) => {
    if (document.errors.length > 0) throw document.errors[0];
    return document.toJS() as KubeObject;
  });
}
