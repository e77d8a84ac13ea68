import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import type { KubeObject } from './kustomize-render.js';

type Model = new (data: never) => { validate(): void };

/** The kinds infra/k8s uses, with the models that carry their OpenAPI schemas (Kubernetes' and the Prometheus Operator's CRD). */
const models: Readonly<Record<string, Model>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/**
 * Validates an object against the schema of its apiVersion and kind, as the API server would (types,
 * required fields, formats and patterns; unknown fields are not refused by these schemas). Returns the
 * validator's message, or undefined when the object is valid; a kind without a model is a problem too, so
 * that nothing passes unchecked.
 */
export function schemaProblem(object: KubeObject): string | undefined {
  const model = models[`${object.apiVersion}/${object.kind}`];
  if (!model) return `no schema for ${object.apiVersion} ${object.kind}: add its model to src/kube-schemas.ts`;
  try {
    new model(object as never).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
