import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ControlDeps } from './control-deps.js';
import { ControlInputError, parseControlInput } from './control-input-error.js';
import { guildStateLines } from './guild-state-lines.js';
import { messageLines } from './message-lines.js';
import { instant, snowflakeParam } from './query-values.js';

const windowQuery = z.object({ from: instant.optional(), to: instant.optional() });
const activityQuery = windowQuery.extend({ guild: snowflakeParam });
const requestsQuery = windowQuery.extend({ bot: snowflakeParam.optional() });
const maxQuery = z.object({
  bot: snowflakeParam,
  windowMs: z.string().regex(/^\d+$/, 'must be a whole number of ms').transform(Number).optional(),
});
const eventsQuery = windowQuery.extend({
  type: z
    .string()
    .regex(/^[A-Z_]+$/, 'must be a dispatch name')
    .optional(),
});

/**
 * Ground truth: what really happened, to check services against. Windows are `[from, to)` in epoch ms
 * (or ISO dates), the whole run by default.
 */
export function truthRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const { world } = deps;
  const window = (query: { from?: number | undefined; to?: number | undefined }) => ({
    from: query.from ?? 0,
    to: query.to ?? deps.now() + 1,
  });
  const knownBot = (botId: string | undefined) => {
    if (botId !== undefined && !world.bots.some((b) => b.user.id === botId))
      throw new ControlInputError(
        `bot ${botId} is not a bot of the scenario; bots: ${world.bots.map((b) => b.user.id).join(', ')}`,
      );
    return botId;
  };

  app.get('/truth/activity', async (request) => {
    const query = parseControlInput(activityQuery, request.query, 'query');
    if (!world.guildIds().includes(query.guild))
      throw new ControlInputError(
        `guild ${query.guild} is not a guild of the scenario; guilds: ${world.guildIds().join(', ')}`,
      );
    const { from, to } = window(query);
    return { guild: query.guild, from, to, activity: world.truth.activity(query.guild, from, to) };
  });

  app.get('/truth/channels/:id/messages', async (request, reply) => {
    const { id } = parseControlInput(z.object({ id: snowflakeParam }), request.params, 'path');
    if (!world.channel(id)) throw new ControlInputError(`channel ${id} does not exist`, 404);
    return reply.type('application/x-ndjson').send(Readable.from(messageLines(world, id)));
  });

  app.get('/truth/guilds/:id/state', async (request, reply) => {
    const { id } = parseControlInput(z.object({ id: snowflakeParam }), request.params, 'path');
    if (!world.guildIds().includes(id)) throw new ControlInputError(`guild ${id} is not a guild of the scenario`, 404);
    return reply.type('application/x-ndjson').send(Readable.from(guildStateLines(world, id)));
  });

  app.get('/truth/requests', async (request) => {
    const query = parseControlInput(requestsQuery, request.query, 'query');
    const bot = knownBot(query.bot);
    const { from, to } = window(query);
    return world.truth.requests().filter((r) => (bot === undefined || r.botId === bot) && r.at >= from && r.at < to);
  });

  app.get('/truth/requests/max-per-window', async (request) => {
    const query = parseControlInput(maxQuery, request.query, 'query');
    const bot = knownBot(query.bot) as string;
    const windowMs = query.windowMs ?? 1000;
    if (windowMs < 1) throw new ControlInputError('query.windowMs: must be at least 1');
    return { bot, windowMs, max: world.truth.maxRequestsInWindow(bot, windowMs) };
  });

  app.get('/truth/events', async (request) => {
    const query = parseControlInput(eventsQuery, request.query, 'query');
    const { from, to } = window(query);
    const events = [...world.truth.events(from, to)];
    return query.type === undefined ? events : events.filter((e) => e.t === query.type);
  });
}
