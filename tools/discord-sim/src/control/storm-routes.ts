import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ControlDeps } from './control-deps.js';
import { ControlInputError, parseControlInput } from './control-input-error.js';
import { snowflakeParam } from './query-values.js';

const stormBody = z.strictObject({
  guild: snowflakeParam,
  /** How many structure changes to apply at once. */
  updates: z.number().int().min(1).max(100_000),
});

/**
 * `POST /_sim/storm`: applies many structure changes to a guild at once (members, presences, channels,
 * threads, roles, settings, as the traffic's churn spreads them), the same for the same seed; answers what
 * was applied and how many dispatches it made.
 */
export function stormRoutes(app: FastifyInstance, { traffic, world }: ControlDeps): void {
  app.post('/storm', async (request) => {
    const body = parseControlInput(stormBody, request.body, 'body');
    if (!world.guildIds().includes(body.guild))
      throw new ControlInputError(
        `guild ${body.guild} is not a guild of the scenario; guilds: ${world.guildIds().join(', ')}`,
      );
    return traffic.storm(body.guild, body.updates);
  });
}
