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

/** Writes a file whole or not at all: its reader polls for it and must never see half of it. */
export function writeWhole(file: string, text: string): void {
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, file);
}

export function writeHandoff(file: string, handoff: SimulatorHandoff): void {
  writeWhole(file, `${JSON.stringify(handoff, null, 2)}\n`);
}

export function removeHandoff(file: string): void {
  rmSync(file, { force: true });
}
