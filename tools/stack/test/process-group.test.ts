import { describe, expect, it } from 'vitest';
import { ProcessGroup } from '../src/process-group.js';

describe('ProcessGroup', () => {
  it('prefixes output and stops every child, killing one that ignores SIGTERM', async () => {
    const lines: string[] = [];
    const group = new ProcessGroup((line) => lines.push(line));
    const exits: (number | null)[] = [];
    const script = (trap: boolean) =>
      `${trap ? "process.on('SIGTERM', () => {});" : ''} console.log('up'); setInterval(() => {}, 1000);`;
    group.start('polite', process.execPath, ['-e', script(false)], {
      cwd: '.',
      env: process.env,
      onExit: (c) => exits.push(c),
    });
    group.start('stubborn', process.execPath, ['-e', script(true)], {
      cwd: '.',
      env: process.env,
      onExit: (c) => exits.push(c),
    });
    while (lines.length < 2) await new Promise((r) => setTimeout(r, 20));
    expect(lines.some((l) => /^polite\s+\| up$/.test(l))).toBe(true);
    await group.stop(300);
    expect(group.size).toBe(0);
    expect(exits).toEqual([]);
  });

  it('reports a child that exits on its own', async () => {
    const group = new ProcessGroup(() => {});
    const code = await new Promise<number | null>((resolve) => {
      group.start('crash', process.execPath, ['-e', 'process.exit(3)'], {
        cwd: '.',
        env: process.env,
        onExit: resolve,
      });
    });
    expect(code).toBe(3);
  });
});
