import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FaultTarget } from '../rest/faults.js';
import type { ControlDeps } from './control-deps.js';
import { ControlInputError, parseControlInput } from './control-input-error.js';
import { snowflakeParam } from './query-values.js';

const target = z.union([
  z.literal('*'),
  z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \//),
  z.strictObject({ bucket: z.string().min(1) }),
]);

const restFaultBody = z
  .strictObject({
    /** What the latency, 5xx share and forced 429 apply to unless they name their own; every route by default. */
    target: target.optional(),
    latencyMs: z
      .union([
        z.number().min(0).max(60_000),
        z.strictObject({ min: z.number().min(0).max(60_000), max: z.number().min(0).max(60_000) }),
      ])
      .optional(),
    serverErrorShare: z.number().min(0).max(1).optional(),
    serverErrorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    force429: z
      .strictObject({
        target: target.optional(),
        retryAfterMs: z.number().int().min(1).max(3_600_000),
        /** How many requests get it; every matching request until cleared when omitted. */
        count: z.number().int().min(1).optional(),
      })
      .optional(),
  })
  .refine((b) => b.latencyMs !== undefined || b.serverErrorShare !== undefined || b.force429 !== undefined, {
    message: 'set at least one of latencyMs, serverErrorShare, force429',
  });

const gatewayFaultBody = z.strictObject({
  action: z.enum(['drop', 'reconnect', 'invalidate', 'heartbeat']),
  /** For `invalidate`: whether the session may be resumed (op 9 `d`). Default true. */
  resumable: z.boolean().optional(),
  bot: snowflakeParam.optional(),
  shard: z.number().int().min(0).optional(),
  session: z.string().min(1).optional(),
});

/** Faults on demand: REST latency, 5xx and forced 429s (until cleared), and one-shot gateway faults. */
export function faultRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const { faults, gateway, world } = deps;
  const state = () => ({ latency: faults.latency, serverErrors: faults.serverErrors, forced429s: faults.forced429s });

  const checked = (value: z.output<typeof target> | undefined, fallback: FaultTarget): FaultTarget => {
    if (value === undefined) return fallback;
    if (typeof value === 'object') {
      if (!deps.buckets.includes(value.bucket))
        throw new ControlInputError(`no bucket named "${value.bucket}"; buckets: ${deps.buckets.join(', ')}`);
      return value;
    }
    if (value !== '*' && !deps.routes.includes(value))
      throw new ControlInputError(`no route "${value}"; routes look like "POST /channels/:channel_id/messages"`);
    return value as FaultTarget;
  };

  app.get('/faults', async () => state());

  app.post('/faults/rest', async (request) => {
    const body = parseControlInput(restFaultBody, request.body, 'body');
    const where = checked(body.target, '*');
    const forcedWhere = body.force429 ? checked(body.force429.target, where) : where;
    if (body.latencyMs !== undefined) {
      const { min, max } =
        typeof body.latencyMs === 'number' ? { min: body.latencyMs, max: body.latencyMs } : body.latencyMs;
      if (max < min) throw new ControlInputError('body.latencyMs: max must not be below min');
      faults.setLatency(min, max, where);
    }
    if (body.serverErrorShare !== undefined)
      faults.setServerErrorShare(body.serverErrorShare, body.serverErrorStatus, where);
    if (body.force429) faults.force429(forcedWhere as FaultTarget, body.force429.retryAfterMs, body.force429.count);
    return state();
  });

  app.post('/faults/gateway', async (request) => {
    const body = parseControlInput(gatewayFaultBody, request.body, 'body');
    if (body.bot !== undefined && !world.bots.some((b) => b.user.id === body.bot))
      throw new ControlInputError(`bot ${body.bot} is not a bot of the scenario`);
    const filter = {
      ...(body.bot === undefined ? {} : { botId: body.bot }),
      ...(body.shard === undefined ? {} : { shardId: body.shard }),
      ...(body.session === undefined ? {} : { sessionId: body.session }),
    };
    const actions = {
      drop: () => gateway.dropConnections(filter),
      reconnect: () => gateway.forceReconnect(filter),
      invalidate: () => gateway.invalidateSessions(body.resumable ?? true, filter),
      heartbeat: () => gateway.requestHeartbeats(filter),
    };
    const affected = actions[body.action]();
    return { action: body.action, affected };
  });

  app.delete('/faults', async () => {
    faults.clear();
    return state();
  });
}
