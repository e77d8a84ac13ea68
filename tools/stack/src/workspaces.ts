import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a workspace declares in its package.json under `"platform"` to be started by `npm start`:
 * `{ "role": "service", "httpPort": 8101 }` for a service, `{ "role": "simulator" }` for tools/discord-sim.
 * Services start in `order` (lower first, default 100): rest-proxy and gateway-ingest before consumers.
 */
export interface PlatformManifest {
  role: 'service' | 'simulator';
  httpPort?: number;
  order?: number;
}

export interface Launchable {
  name: string;
  dir: string;
  manifest: PlatformManifest;
  hasMigrations: boolean;
}

interface PackageJson {
  name?: string;
  platform?: PlatformManifest;
  scripts?: Record<string, string>;
}

/** Reads the workspaces under `folders` that declare a platform role and a `start` script, in start order. */
export function findLaunchables(root: string, folders: string[] = ['tools', 'services']): Launchable[] {
  const found: Launchable[] = [];
  for (const folder of folders) {
    const parent = join(root, folder);
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent)) {
      const file = join(parent, entry, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      if (!pkg.platform || !pkg.scripts?.start || !pkg.name) continue;
      found.push({
        name: pkg.name,
        dir: join(parent, entry),
        manifest: pkg.platform,
        hasMigrations: Boolean(pkg.scripts.migrate),
      });
    }
  }
  return found.sort((a, b) => (a.manifest.order ?? 100) - (b.manifest.order ?? 100));
}
