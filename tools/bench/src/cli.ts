import type { Benchmark } from './benchmark.js';
import { busBenchmark } from './benchmarks/bus.js';
import { discordSimBenchmark } from './benchmarks/discord-sim.js';
import { exportBenchmark } from './benchmarks/export.js';
import { gatewayIngestBenchmark } from './benchmarks/gateway-ingest.js';
import { restProxyBenchmark } from './benchmarks/rest-proxy.js';
import { statsBenchmark } from './benchmarks/stats.js';

/** Every benchmark by the name it is run with; adding one is one line here. */
const benchmarks: Record<string, Benchmark> = {
  bus: busBenchmark,
  'discord-sim': discordSimBenchmark,
  export: exportBenchmark,
  'gateway-ingest': gatewayIngestBenchmark,
  'rest-proxy': restProxyBenchmark,
  stats: statsBenchmark,
};

function usage(): string {
  const lines = Object.entries(benchmarks).map(([name, b]) => `  ${name.padEnd(16)}${b.description}`);
  return `usage: npm run bench -- <benchmark> [flags]\n\n${lines.join('\n')}\n`;
}

const [name, ...args] = process.argv.slice(2);
const benchmark = name ? benchmarks[name] : undefined;
if (!benchmark) {
  console.error(name && name !== '--help' ? `unknown benchmark "${name}"\n\n${usage()}` : usage());
  process.exit(name === '--help' ? 0 : 2);
}
try {
  await benchmark.run(args);
} catch (error) {
  console.error(error);
  process.exit(1);
}
