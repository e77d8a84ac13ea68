import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProcessGroup } from './process-group.js';
import { writePrometheusTargets } from './prometheus-targets.js';
import { clearHandoff, waitForHandoff } from './simulator-handoff.js';
import { findLaunchables } from './workspaces.js';

const root = resolve(import.meta.dirname, '../../..');
const state = process.env.LOCAL_STATE_DIR ?? join(root, '.local');
const log = (line: string) => process.stdout.write(`[stack] ${line}\n`);
// up.sh makes the default one; a LOCAL_STATE_DIR of a check or an operator may not exist yet.
mkdirSync(state, { recursive: true });

const launchables = findLaunchables(root);
const simulator = launchables.find((l) => l.manifest.role === 'simulator');
const services = launchables.filter((l) => l.manifest.role === 'service');
const group = new ProcessGroup();
const env: NodeJS.ProcessEnv = { ...process.env };

const shutdown = async () => {
  log('stopping');
  await group.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
const failFast = (name: string) => (code: number | null) => {
  log(`${name} exited with code ${code}; stopping the stack`);
  void group.stop().then(() => process.exit(1));
};

if (!env.DISCORD_TOKEN && simulator) {
  const handoff = join(state, 'discord-sim.json');
  clearHandoff(handoff);
  group.start(simulator.name, 'npm', ['start'], {
    cwd: simulator.dir,
    env: { ...env, SIM_HANDOFF_FILE: handoff },
    onExit: failFast(simulator.name),
  });
  const sim = await waitForHandoff(handoff, 60_000);
  Object.assign(env, {
    DISCORD_TOKEN: sim.token,
    DISCORD_UPSTREAM_URL: sim.apiUrl,
    DISCORD_GATEWAY_URL: sim.gatewayUrl,
  });
  log(
    `no DISCORD_TOKEN: using the simulator (API ${sim.apiUrl}, gateway ${sim.gatewayUrl}, control ${sim.controlUrl})`,
  );
} else if (!env.DISCORD_TOKEN) {
  log('no DISCORD_TOKEN and no simulator in this tree: services that call Discord will not start');
}

for (const service of services.filter((s) => s.hasMigrations)) {
  log(`migrating ${service.name}`);
  try {
    execFileSync('npm', ['run', 'migrate', '--silent'], { cwd: service.dir, env, stdio: 'inherit' });
  } catch {
    // The simulator is already running: stop it rather than leave it behind.
    log(`${service.name}: migrations failed (see above); stopping the stack`);
    await group.stop();
    process.exit(1);
  }
}

for (const service of services) {
  const port = service.manifest.httpPort;
  group.start(service.name, 'npm', ['start', '--silent'], {
    cwd: service.dir,
    env: { ...env, ...(port ? { HTTP_PORT: String(port) } : {}) },
    onExit: failFast(service.name),
  });
}

const scraped = services.flatMap((s) => (s.manifest.httpPort ? [{ name: s.name, port: s.manifest.httpPort }] : []));
writePrometheusTargets(join(state, 'prometheus', 'targets.json'), scraped);

if (group.size === 0) {
  log('infrastructure is up; this tree has no services to start yet');
  process.exit(0);
}
for (const { name, port } of scraped) log(`${name}: http://127.0.0.1:${port}/metrics`);
log('stack is up; Ctrl-C stops it');
