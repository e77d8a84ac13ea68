import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where results go: `tools/bench/results/<name>.json`. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** The machine a result was measured on, and how busy it was; numbers from different machines do not compare. */
export function machineInfo() {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    /** Runnable processes, 1-minute average: near or above `cpus`, other work competed with the run. */
    loadAverage: Number(loadavg()[0]?.toFixed(2)),
    date: new Date().toISOString(),
  };
}

/** Says so before a run when other work competes for the CPUs: figures measured then are lower than the machine can do. */
export function noteCompetingLoad(): void {
  const load = loadavg()[0] ?? 0;
  if (load > availableParallelism() / 2) {
    console.log(`note: load average ${load.toFixed(2)} on ${availableParallelism()} cpus; other work will compete`);
  }
}

export type Cell = string | number;

function format(cell: Cell): string {
  if (typeof cell === 'string') return cell;
  if (Number.isNaN(cell)) return '-';
  if (Number.isInteger(cell)) return cell.toLocaleString('en-US');
  return cell.toLocaleString('en-US', { maximumFractionDigits: cell < 10 ? 2 : 1 });
}

/** Prints rows under a header, text left-aligned and numbers right-aligned. */
export function printTable(title: string, header: string[], rows: Cell[][]): void {
  const text = [header, ...rows.map((row) => row.map(format))];
  const widths = header.map((_, col) => Math.max(...text.map((row) => (row[col] ?? '').length)));
  const line = (row: string[], source?: Cell[]) =>
    row
      .map((cell, col) =>
        typeof source?.[col] === 'number' ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0),
      )
      .join('  ');
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((row, i) => {
    console.log(line(text[i + 1] ?? [], row));
  });
  console.log('');
}

/** Writes `result` with the machine info to `results/<name>.json`; returns the path. */
export function writeResult(name: string, result: unknown, dir = RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify({ name, machine: machineInfo(), ...(result as object) }, null, 2)}\n`);
  return path;
}
