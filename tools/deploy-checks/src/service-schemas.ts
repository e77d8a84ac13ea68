import { exportConfigSchema } from '@platform/export/src/config.js';
import { gatewayConfigSchema } from '@platform/gateway-ingest/src/config.js';
import { proxyConfigSchema } from '@platform/rest-proxy/src/config.js';
import { statsConfigSchema } from '@platform/stats/src/config.js';
import type { z } from 'zod';

/**
 * The configuration schema of every service, by package name, as its main.ts reads it. A service that
 * lands without an entry here fails the compose checks until one is added.
 */
export const serviceSchemas: Readonly<Record<string, z.ZodObject>> = {
  '@platform/rest-proxy': proxyConfigSchema,
  '@platform/gateway-ingest': gatewayConfigSchema,
  '@platform/stats': statsConfigSchema,
  '@platform/export': exportConfigSchema,
};
