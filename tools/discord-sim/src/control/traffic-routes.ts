import type { FastifyInstance } from 'fastify';
import { trafficRatesPatchSchema } from '../traffic/traffic-rates.js';
import type { ControlDeps } from './control-deps.js';
import { parseControlInput } from './control-input-error.js';

/** Starting, stopping and shaping live traffic; each answers the traffic's state. */
export function trafficRoutes(app: FastifyInstance, { traffic }: ControlDeps): void {
  const state = () => ({
    running: traffic.running,
    rates: traffic.rates,
    stats: traffic.stats,
    openVoiceSessions: traffic.openVoiceSessions,
  });
  app.get('/traffic', async () => state());
  app.post('/traffic/start', async (request) => {
    // Optional rates to start with, in the same shape as PATCH.
    if (request.body !== undefined) traffic.setRates(parseControlInput(trafficRatesPatchSchema, request.body, 'body'));
    traffic.start();
    return state();
  });
  app.post('/traffic/stop', async () => {
    traffic.stop();
    return state();
  });
  app.patch('/traffic', async (request) => {
    traffic.setRates(parseControlInput(trafficRatesPatchSchema, request.body ?? {}, 'body'));
    return state();
  });
}
