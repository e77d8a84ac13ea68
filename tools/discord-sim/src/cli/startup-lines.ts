import type { SimulatorInfo } from '../control/control-deps.js';

/** What `discord-sim` prints once it listens: the point of the command is to hand out these. */
export function startupLines(info: SimulatorInfo, trafficRunning: boolean): string[] {
  const width = Math.max(...info.bots.map((b) => b.name.length));
  return [
    `discord-sim: scenario ${info.scenario} (seed ${info.seed}), ${info.guilds.length} guild(s), traffic ${trafficRunning ? 'running' : 'stopped'}`,
    ...info.bots.map((b) => `  token ${b.name.padEnd(width)}  ${b.token}`),
    `  API      ${info.apiUrl}`,
    `  gateway  ${info.gatewayUrl}`,
    `  control  ${info.controlUrl}`,
    `  e.g. curl ${info.controlUrl}/info`,
  ];
}
