#!/usr/bin/env node
import { pino } from 'pino';
import { CliUsageError, parseCliOptions, USAGE } from './cli/cli-options.js';
import { handoffOf, removeHandoff, writeHandoff, writeWhole } from './cli/handoff.js';
import { startupLines } from './cli/startup-lines.js';
import { createSimulator } from './simulator.js';

const TRAFFIC_REPORT_MS = 10_000;

let options: ReturnType<typeof parseCliOptions>;
try {
  options = parseCliOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliUsageError)) throw error;
  process.stderr.write(`discord-sim: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

// Logs go to stderr, so that stdout carries only the lines a person (or a script) reads the URLs from.
const logger = pino(
  { name: 'discord-sim', redact: { paths: ['token', '*.token', 'bots[*].token'], remove: true } },
  pino.destination(2),
);
const simulator = await createSimulator({
  scenario: options.scenario,
  host: options.host,
  restPort: options.restPort,
  gatewayPort: options.gatewayPort,
  limits: { enabled: options.limits },
  traffic: { autostart: options.traffic },
  logger,
});
const info = simulator.info();
process.stdout.write(`${startupLines(info, simulator.traffic.running).join('\n')}\n`);
const handoffFile = process.env.SIM_HANDOFF_FILE;
if (handoffFile) writeHandoff(handoffFile, handoffOf(info));
// The first bot's token alone, for services that read DISCORD_TOKEN_FILE (docker-compose's demo profile):
// no token is written into configuration files.
const tokenFile = process.env.SIM_TOKEN_FILE;
if (tokenFile) writeWhole(tokenFile, `${handoffOf(info).token}\n`);

const report = setInterval(() => {
  if (simulator.traffic.running) logger.info({ stats: simulator.traffic.stats }, 'traffic so far');
}, TRAFFIC_REPORT_MS);
report.unref();

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  logger.info({ signal }, 'shutting down');
  clearInterval(report);
  if (handoffFile) removeHandoff(handoffFile);
  if (tokenFile) removeHandoff(tokenFile);
  await simulator.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
