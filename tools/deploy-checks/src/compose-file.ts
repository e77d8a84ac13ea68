import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { type HostEnv, interpolateDeep } from './interpolate.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/**
 * The part of the Compose specification the platform's file uses, read strictly where the checks depend on
 * it: environment as a map (a list, or a key without a value taken from the host, would escape the checks).
 */
const composeServiceSchema = z.looseObject({
  image: z.string().optional(),
  build: z
    .looseObject({
      context: z.string(),
      dockerfile: z.string().optional(),
      args: z.record(z.string(), scalar).default({}),
    })
    .optional(),
  command: z.array(z.string()).optional(),
  profiles: z.array(z.string()).optional(),
  environment: z.record(z.string(), scalar).default({}),
  ports: z.array(z.string()).default([]),
  volumes: z.array(z.string()).default([]),
  depends_on: z
    .record(z.string(), z.object({ condition: z.string(), required: z.boolean().default(true) }))
    .default({}),
  healthcheck: z.looseObject({ test: z.array(z.string()).min(2) }).optional(),
  restart: z.string().optional(),
  deploy: z
    .looseObject({
      resources: z
        .looseObject({
          limits: z.looseObject({ cpus: scalar.optional(), memory: z.string().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

const composeFileSchema = z.looseObject({
  services: z.record(z.string(), composeServiceSchema),
  volumes: z.record(z.string(), z.unknown().nullable()).default({}),
});

export type ComposeService = z.infer<typeof composeServiceSchema>;
export type ComposeFile = z.infer<typeof composeFileSchema>;

/**
 * Parses a Compose document as `docker compose config` would see it under the host environment `env`:
 * anchors and `<<` merges applied, every `${VAR:-default}` resolved, then checked against the shape above.
 */
export function parseCompose(source: string, env: HostEnv): ComposeFile {
  const document: unknown = parse(source, { merge: true });
  return composeFileSchema.parse(interpolateDeep(document, env));
}

export function loadCompose(file: string, env: HostEnv): ComposeFile {
  return parseCompose(readFileSync(file, 'utf8'), env);
}
