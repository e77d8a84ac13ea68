import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isScenarioName, namedScenarios, type ScenarioInput, type ScenarioName } from '../world/scenario.js';

/** What `discord-sim` was asked to do. */
export interface CliOptions {
  scenario: ScenarioName | ScenarioInput;
  host: string;
  restPort: number;
  gatewayPort: number;
  traffic: boolean;
  limits: boolean;
}

export const USAGE = `usage: discord-sim --scenario <name|file.json> [--host 127.0.0.1] [--port 0] [--gateway-port 0] [--no-traffic] [--limits on|off]

  --scenario      ${Object.keys(namedScenarios).join(', ')}, or a JSON file describing one (default demo)
  --host          interface to listen on (default 127.0.0.1)
  --port          port of the REST, CDN and control API; 0 picks a free one (default 0)
  --gateway-port  port of the gateway; 0 picks a free one (default 0)
  --no-traffic    do not start live traffic (start it with POST /_sim/traffic/start)
  --limits        off turns Discord's rate limits off, for benchmarks (default on)
`;

/** The command line was wrong; the message says how, and the CLI prints {@link USAGE} after it. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** Parses `discord-sim`'s arguments (without `node` and the script). */
export function parseCliOptions(args: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        scenario: { type: 'string', default: 'demo' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        'gateway-port': { type: 'string', default: '0' },
        'no-traffic': { type: 'boolean', default: false },
        limits: { type: 'string', default: 'on' },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const limits = String(values.limits);
  if (limits !== 'on' && limits !== 'off') throw new CliUsageError(`--limits takes on or off, not "${limits}"`);
  return {
    scenario: scenarioArgument(String(values.scenario)),
    host: String(values.host),
    restPort: port('--port', String(values.port)),
    gatewayPort: port('--gateway-port', String(values['gateway-port'])),
    traffic: values['no-traffic'] !== true,
    limits: limits === 'on',
  };
}

function port(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535)
    throw new CliUsageError(`${flag} takes a port from 0 to 65535, not "${value}"`);
  return n;
}

function scenarioArgument(value: string): ScenarioName | ScenarioInput {
  if (isScenarioName(value)) return value;
  if (!value.endsWith('.json'))
    throw new CliUsageError(
      `unknown scenario "${value}"; use one of ${Object.keys(namedScenarios).join(', ')} or a .json file`,
    );
  try {
    return JSON.parse(readFileSync(value, 'utf8')) as ScenarioInput;
  } catch (error) {
    throw new CliUsageError(`cannot read the scenario file ${value}: ${(error as Error).message}`);
  }
}
