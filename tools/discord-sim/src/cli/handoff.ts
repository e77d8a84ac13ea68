import { renameSync, rmSync, writeFileSync } from 'node:fs';
import type { SimulatorInfo } from '../control/control-deps.js';

/** What the simulator hands to tools/stack once it listens (read by tools/stack/src/simulator-handoff.ts). */
export interface SimulatorHandoff {
  token: string;
  /** Base of the REST API without the version. */
  apiUrl: string;
  gatewayUrl: string;
  controlUrl: string;
}

export function handoffOf(info: SimulatorInfo): SimulatorHandoff {
  return {
    token: info.bots[0]?.token ?? '',
    apiUrl: info.apiUrl,
    gatewayUrl: info.gatewayUrl,
    controlUrl: info.controlUrl,
  };
}

/** Writes the handoff whole or not at all: the reader polls for the file and must never see half of it. */
export function writeHandoff(file: string, handoff: SimulatorHandoff): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(handoff, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}

export function removeHandoff(file: string): void {
  rmSync(file, { force: true });
}
