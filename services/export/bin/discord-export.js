#!/usr/bin/env node
// A committed entry point, so npm links the bin on a fresh clone. It runs the built CLI when
// dist/ exists, and otherwise the TypeScript source through tsx, with workspace packages resolved
// to their sources (the @platform/source condition), so a clean checkout needs no build step.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/bin-main.js', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL('../src/cli/bin-main.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    // tsx is resolved from here, not from the working directory the command runs in.
    ['--conditions=@platform/source', '--import', import.meta.resolve('tsx'), source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // Ctrl+C reaches the child through the terminal's process group; the child decides when to stop.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
}
