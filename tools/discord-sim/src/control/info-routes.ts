import type { FastifyInstance } from 'fastify';
import type { ControlDeps } from './control-deps.js';

/** `GET /_sim/info` and `GET /_sim/gateway/sessions`: what the simulator is and who is connected. */
export function infoRoutes(app: FastifyInstance, deps: ControlDeps): void {
  app.get('/info', async () => deps.info());
  app.get('/gateway/sessions', async () => deps.gateway.sessions());
}
