import { existsSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** What tools/discord-sim writes once it listens, so the stack can point everything at it. */
export interface SimulatorHandoff {
  token: string;
  apiUrl: string;
  gatewayUrl: string;
  controlUrl: string;
}

/** Removes a stale handoff file so only the simulator starting now can satisfy {@link waitForHandoff}. */
export function clearHandoff(file: string): void {
  rmSync(file, { force: true });
}

export async function waitForHandoff(file: string, timeoutMs: number): Promise<SimulatorHandoff> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SimulatorHandoff;
    await sleep(100);
  }
  throw new Error(`the Discord simulator did not write ${file} within ${timeoutMs} ms`);
}
