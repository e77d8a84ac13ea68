import { type RunningScript, runScript } from '@platform/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { fixturePath } from './fixtures/fixture-path.js';

const withMsg = (msg: string) => (line: Record<string, unknown>) => line.msg === msg;

const started: RunningScript[] = [];

afterEach(() => {
  for (const fixture of started.splice(0)) if (fixture.child.exitCode === null) fixture.child.kill('SIGKILL');
});

async function startServer(env: Record<string, string> = {}): Promise<{ fixture: RunningScript; url: string }> {
  const fixture = runScript(fixturePath('draining-server'), env);
  started.push(fixture);
  const { port } = await fixture.waitForLine(withMsg('listening'));
  return { fixture, url: `http://127.0.0.1:${port}` };
}

/** The status of a request, or `refused` when the server no longer takes connections. */
const statusOf = (url: string) =>
  fetch(url).then(
    (response) => response.status,
    () => 'refused',
  );

describe('SIGTERM', () => {
  it('finishes the request in flight, stops taking new work, runs the stages in order and exits 0', async () => {
    const { fixture, url } = await startServer();
    expect(await statusOf(`${url}/readyz`)).toBe(200);

    const slow = fetch(`${url}/slow`);
    await fixture.waitForLine(withMsg('slow request started'));
    fixture.child.kill('SIGTERM');
    await fixture.waitForLine(withMsg('shutdown started'));

    expect([503, 'refused']).toContain(await statusOf(`${url}/readyz`));
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    expect(await fixture.exited).toBe(0);

    const events = fixture.lines
      .filter((line) => line.msg === 'hook ran' || line.msg === 'slow request finished')
      .map((line) => line.hook ?? line.msg);
    expect(events).toEqual(['stop pulling', 'slow request finished', 'close http', 'close connections']);
    expect(fixture.lines).toContainEqual(expect.objectContaining({ msg: 'shutdown complete', failed: false }));
  });

  it('exits 1 naming the stage that hangs past the timeout', async () => {
    const { fixture } = await startServer({ HANG_STAGE: 'close connections', SHUTDOWN_TIMEOUT: '500ms' });
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(1);
    expect(fixture.lines).toContainEqual(
      expect.objectContaining({ level: 'fatal', stage: 'close connections', msg: expect.stringMatching(/timed out/) }),
    );
    expect(fixture.lines.some((line) => line.hook === 'close connections')).toBe(false);
  });

  it('exits 1 at once on a second signal, naming the stage it interrupted', async () => {
    const { fixture } = await startServer({ HANG_STAGE: 'stop pulling' });
    fixture.child.kill('SIGTERM');
    await fixture.waitForLine(withMsg('shutdown started'));
    fixture.child.kill('SIGTERM');
    expect(await fixture.exited).toBe(1);
    expect(fixture.lines).toContainEqual(
      expect.objectContaining({ level: 'fatal', stage: 'stop pulling', msg: expect.stringMatching(/second SIGTERM/) }),
    );
  });
});
