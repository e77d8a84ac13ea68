import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findLaunchables } from '../src/workspaces.js';

describe('findLaunchables', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function tree(packages: Record<string, object>): string {
    const root = mkdtempSync(join(tmpdir(), 'stack-'));
    roots.push(root);
    for (const [path, pkg] of Object.entries(packages)) {
      mkdirSync(join(root, path), { recursive: true });
      writeFileSync(join(root, path, 'package.json'), JSON.stringify(pkg));
    }
    return root;
  }

  it('finds declared services and the simulator in start order, skipping the rest', () => {
    const root = tree({
      'services/stats': {
        name: 's',
        platform: { role: 'service', httpPort: 1 },
        scripts: { start: 'x', migrate: 'y' },
      },
      'services/rest-proxy': {
        name: 'p',
        platform: { role: 'service', httpPort: 2, order: 10 },
        scripts: { start: 'x' },
      },
      'services/half-done': { name: 'h', platform: { role: 'service' }, scripts: {} },
      'tools/bench': { name: 'b', scripts: { start: 'x' } },
      'tools/discord-sim': { name: 'd', platform: { role: 'simulator', order: 0 }, scripts: { start: 'x' } },
    });
    const found = findLaunchables(root);
    expect(found.map((l) => l.name)).toEqual(['d', 'p', 's']);
    expect(found.find((l) => l.name === 's')?.hasMigrations).toBe(true);
    expect(found.find((l) => l.name === 'p')?.hasMigrations).toBe(false);
  });
});
