import { fileURLToPath } from 'node:url';
import { busNamespace, platformStreams } from '@platform/contracts';
import { createTestBusNamespace, runScript, testEndpoints } from '@platform/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { connectBus } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/draining-consumer.ts', import.meta.url));

describe('a service consuming from the bus, on SIGTERM', () => {
  const namespace = createTestBusNamespace('drain');
  afterEach(() => namespace.clear());

  it('finishes and acknowledges what it holds, takes nothing more, and exits 0', async () => {
    const bus = await connectBus({ url: testEndpoints.natsUrl, namespace: namespace.name, name: 'producer' });
    const { exportJobs } = platformStreams(busNamespace(namespace.name));
    await bus.ensureStream(exportJobs);
    const total = 20;
    for (let n = 0; n < total; n++) {
      await bus.publish(bus.subjects.domain('export', 'jobs', 'requested'), { n }, { msgId: `job-${n}` });
    }

    const service = runScript(fixture, {
      NATS_URL: testEndpoints.natsUrl,
      BUS_NAMESPACE: namespace.name,
      HANDLER_MS: '1500',
    });
    await service.waitForLine((line) => 'started' in line);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const started = service.lines.filter((l) => 'started' in l).map((l) => l.started);
    const finished = service.lines.filter((l) => 'finished' in l).map((l) => l.finished);
    expect(started.length).toBeGreaterThan(0);
    expect(started.length).toBeLessThan(total);
    expect(finished.sort()).toEqual(started.sort());

    // Work queue retention removes a job once acknowledged: what is left is exactly what was never started.
    const info = await bus.ensureStream(exportJobs);
    expect(info.state.messages).toBe(total - finished.length);
    await bus.close();
  });
});
