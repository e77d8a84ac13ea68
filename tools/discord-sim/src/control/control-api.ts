import type { FastifyError, FastifyInstance } from 'fastify';
import { VirtualUserError } from '../traffic/virtual-user-error.js';
import { SimDiscordError } from '../world/world.js';
import type { ControlDeps } from './control-deps.js';
import { ControlInputError } from './control-input-error.js';
import { faultRoutes } from './fault-routes.js';
import { infoRoutes } from './info-routes.js';
import { limitRoutes } from './limit-routes.js';
import { stormRoutes } from './storm-routes.js';
import { trafficRoutes } from './traffic-routes.js';
import { truthRoutes } from './truth-routes.js';
import { userInteractionRoutes } from './user-interaction-routes.js';

/** Where the control API is mounted on the REST server. */
export const CONTROL_PREFIX = '/_sim';

/**
 * Mounts the control API on a fastify app (the REST server's, before it listens): JSON in and out, and
 * `{ error }` with a 4xx that says what was wrong. Its requests are not Discord's: they are neither
 * rate limited nor recorded in the ground truth.
 */
export function registerControlApi(app: FastifyInstance, deps: ControlDeps): void {
  app.register(
    async (scope) => {
      scope.setErrorHandler((error: FastifyError, _request, reply) => {
        const { status, message } = describe(error);
        return reply.code(status).send({ error: message });
      });
      scope.setNotFoundHandler((request, reply) =>
        reply.code(404).send({
          error: `no control endpoint ${request.method} ${request.url.split('?')[0]}; see GET ${CONTROL_PREFIX}/info`,
        }),
      );
      for (const routes of [
        infoRoutes,
        trafficRoutes,
        stormRoutes,
        truthRoutes,
        faultRoutes,
        limitRoutes,
        userInteractionRoutes,
      ])
        routes(scope, deps);
    },
    { prefix: CONTROL_PREFIX },
  );
}

function describe(error: FastifyError): { status: number; message: string } {
  if (error instanceof ControlInputError) return { status: error.status, message: error.message };
  if (error instanceof VirtualUserError) return { status: 400, message: error.message };
  // The REST server's JSON parser speaks Discord; here it means the body was not JSON.
  if (error instanceof SimDiscordError && error.code === 50109)
    return { status: 400, message: 'the body is not valid JSON' };
  if (error instanceof SimDiscordError)
    return { status: error.status, message: `${error.message} (Discord code ${error.code})` };
  const status = error.statusCode ?? 500;
  return { status, message: status < 500 ? error.message : 'internal error of the simulator' };
}
