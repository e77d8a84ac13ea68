import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes a Prometheus file_sd target list, read by the local Prometheus of infra/local. */
export function writePrometheusTargets(file: string, services: { name: string; port: number }[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const groups = services.map(({ name, port }) => ({
    targets: [`127.0.0.1:${port}`],
    labels: { job: name.replace(/^@platform\//, '') },
  }));
  writeFileSync(file, `${JSON.stringify(groups, null, 2)}\n`);
}
