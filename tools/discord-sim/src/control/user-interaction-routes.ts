import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ControlDeps } from './control-deps.js';
import { ControlInputError, parseControlInput } from './control-input-error.js';
import { snowflakeParam } from './query-values.js';

const optionValue = z.union([z.string(), z.number(), z.boolean()]);

const interactionBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('command'),
    channel: snowflakeParam,
    /** The command's name; a random registered one when omitted. */
    name: z.string().min(1).optional(),
    /** The application whose command it is, when several bots registered one of that name. */
    application: snowflakeParam.optional(),
    /** `sub` or `group sub`. */
    subcommand: z.string().min(1).optional(),
    /** Option values by name; missing required ones are filled in. */
    options: z.record(z.string(), optionValue).optional(),
  }),
  z.strictObject({
    type: z.literal('component'),
    channel: snowflakeParam,
    message: snowflakeParam,
    /** The component's custom id; a random usable one when omitted. */
    customId: z.string().min(1).optional(),
    /** A select's values; chosen within its bounds when omitted. */
    values: z.array(z.string()).optional(),
  }),
  z.strictObject({
    type: z.literal('modal'),
    /** The interaction the bot answered with the modal. */
    interaction: snowflakeParam,
    /** Answers by field custom id. */
    values: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])).optional(),
  }),
]);

/**
 * `POST /_sim/users/:id/interactions`: a virtual user runs a command, uses a component or submits a
 * modal now, whether traffic runs or not; answers 201 with the interaction the bot receives.
 */
export function userInteractionRoutes(app: FastifyInstance, { traffic, world }: ControlDeps): void {
  app.post('/users/:id/interactions', async (request, reply) => {
    const { id: userId } = parseControlInput(z.object({ id: snowflakeParam }), request.params, 'path');
    if (!world.user(userId)) throw new ControlInputError(`user ${userId} does not exist`, 404);
    const body = parseControlInput(interactionBody, request.body, 'body');
    let interaction: unknown;
    if (body.type === 'command')
      interaction = traffic.runCommand({
        userId,
        channelId: body.channel,
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.application === undefined ? {} : { applicationId: body.application }),
        ...(body.subcommand === undefined ? {} : { subcommand: body.subcommand }),
        ...(body.options === undefined ? {} : { options: body.options }),
      });
    else if (body.type === 'component')
      interaction = traffic.useComponent({
        userId,
        channelId: body.channel,
        messageId: body.message,
        ...(body.customId === undefined ? {} : { customId: body.customId }),
        ...(body.values === undefined ? {} : { values: body.values }),
      });
    else
      interaction = traffic.submitModal({
        userId,
        interactionId: body.interaction,
        ...(body.values === undefined ? {} : { values: body.values }),
      });
    return reply.code(201).send(interaction);
  });
}
