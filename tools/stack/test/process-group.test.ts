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

  it('stops what a child started, as npm starts a service through a shell', async () => {
    const lines: string[] = [];
    const group = new ProcessGroup((line) => lines.push(line));
    // `; true` keeps the shell as the parent instead of letting it exec node, as `npm start` does.
    const grandchild = `"${process.execPath}" -e "console.log(process.pid); setInterval(() => {}, 1000)"; true`;
    group.start('service', 'sh', ['-c', grandchild], { cwd: '.', env: process.env });
    while (lines.length < 1) await new Promise((r) => setTimeout(r, 20));
    const pid = Number(lines[0]?.split('|')[1]);
    expect(pid).toBeGreaterThan(0);
    await group.stop(2000);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    // The signal reached it with its shell's; give it a moment to act on it.
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
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
