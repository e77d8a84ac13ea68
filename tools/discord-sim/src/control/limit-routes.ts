import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ControlDeps } from './control-deps.js';
import { ControlInputError, parseControlInput } from './control-input-error.js';
import { snowflakeParam } from './query-values.js';

const bucketLimit = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000).optional(),
  windowMs: z.number().int().min(1).max(86_400_000).optional(),
});

const limitsBody = z.strictObject({
  /** False turns every limit off (no headers, no 429s, no bans). */
  enabled: z.boolean().optional(),
  /** The global limit of every bot without its own, requests per second. */
  globalPerSecond: z.number().positive().max(1_000_000).optional(),
  /** Global limits of particular bots, by bot user id. */
  globalPerBot: z.record(snowflakeParam, z.number().positive().max(1_000_000)).optional(),
  /** Limits by bucket name (or `*` for every bucket); null restores the default. */
  buckets: z.record(z.string().min(1), bucketLimit.nullable()).optional(),
});

/** Rate limits at run time: on or off, the global limit, per-bucket overrides. */
export function limitRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const { limiter, world } = deps;
  /** Overrides set through this API, to show them back; the limiter does not expose its own. */
  const overrides: Record<string, z.output<typeof bucketLimit>> = {};
  const perBot: Record<string, number> = {};
  const state = () => ({
    enabled: limiter.enabled,
    globalPerSecond: limiter.globalLimit(''),
    globalPerBot: perBot,
    buckets: overrides,
  });

  app.get('/limits', async () => state());

  app.patch('/limits', async (request) => {
    const body = parseControlInput(limitsBody, request.body ?? {}, 'body');
    for (const botId of Object.keys(body.globalPerBot ?? {}))
      if (!world.bots.some((b) => b.user.id === botId))
        throw new ControlInputError(`body.globalPerBot: ${botId} is not a bot of the scenario`);
    for (const name of Object.keys(body.buckets ?? {}))
      if (name !== '*' && !deps.buckets.includes(name))
        throw new ControlInputError(`body.buckets: no bucket named "${name}"; buckets: ${deps.buckets.join(', ')}`);
    if (body.enabled !== undefined) limiter.enabled = body.enabled;
    if (body.globalPerSecond !== undefined) limiter.setGlobalLimit(body.globalPerSecond);
    for (const [botId, perSecond] of Object.entries(body.globalPerBot ?? {})) {
      limiter.setGlobalLimit(perSecond, botId);
      perBot[botId] = perSecond;
    }
    for (const [name, limit] of Object.entries(body.buckets ?? {})) {
      limiter.setBucketLimit(name, limit ?? undefined);
      if (limit) overrides[name] = limit;
      else delete overrides[name];
    }
    return state();
  });
}
