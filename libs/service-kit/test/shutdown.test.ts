import { describe, expect, it } from 'vitest';
import { createLogger, createShutdown } from '../src/index.js';

function harness(timeoutMs = 5_000) {
  const lines: string[] = [];
  const exits: number[] = [];
  const logger = createLogger({ service: 'shutdown', destination: { write: (line) => lines.push(line) } });
  const shutdown = createShutdown({ logger, timeoutMs, signals: [], exit: (code) => exits.push(code) });
  return { shutdown, exits, records: () => lines.map((line) => JSON.parse(line)) };
}

describe('createShutdown', () => {
  it('aborts its signal, runs the stages in order, then exits 0', async () => {
    const { shutdown, exits, records } = harness();
    const ran: string[] = [];
    shutdown.stage('stop pulling', async () => {
      expect(shutdown.signal.aborted).toBe(true);
      ran.push('stop pulling');
    });
    shutdown.stage('close http', () => ran.push('close http'));
    shutdown.stage('close connections', async () => ran.push('close connections'));

    await shutdown.run('test');
    expect(ran).toEqual(['stop pulling', 'close http', 'close connections']);
    expect(exits).toEqual([0]);
    expect(records().map((record) => record.stage ?? record.msg)).toEqual([
      'shutdown started',
      'stop pulling',
      'close http',
      'close connections',
      'shutdown complete',
    ]);
  });

  it('runs the stages once however often it is started', async () => {
    const { shutdown, exits } = harness();
    let runs = 0;
    shutdown.stage('count', () => runs++);
    await Promise.all([shutdown.run('first'), shutdown.run('second')]);
    await shutdown.run('third');
    expect(runs).toBe(1);
    expect(exits).toEqual([0]);
  });

  it('goes on with later stages after one fails, and exits 1 naming it', async () => {
    const { shutdown, exits, records } = harness();
    let closed = false;
    shutdown.stage('stop pulling', () => {
      throw new Error('consumer already closed');
    });
    shutdown.stage('close connections', () => {
      closed = true;
    });
    await shutdown.run('test');
    expect(closed).toBe(true);
    expect(exits).toEqual([1]);
    expect(records()).toContainEqual(
      expect.objectContaining({ level: 'error', stage: 'stop pulling', msg: 'shutdown stage "stop pulling" failed' }),
    );
  });

  it('exits 1 naming the stage still running when the time is up', async () => {
    const { shutdown, exits, records } = harness(50);
    let release = () => {};
    shutdown.stage('close http', () => new Promise<void>((resolve) => (release = resolve)));
    const running = shutdown.run('test');
    await expect.poll(() => exits).toEqual([1]);
    expect(records()).toContainEqual(
      expect.objectContaining({
        level: 'fatal',
        stage: 'close http',
        msg: 'shutdown timed out after 50 ms in stage "close http"',
      }),
    );
    release();
    await running;
  });
});
