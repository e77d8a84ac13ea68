import { jetstreamManager } from '@nats-io/jetstream';
import { platformStreams } from '@platform/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auth, busiestChannel, type ServiceWorld, startServiceWorld, waitForJob } from './service-harness.js';

interface Status {
  id: string;
  state: string;
  attempts: number;
  error: string | null;
  progress: { fraction: number; messages: number };
  files: { name: string; bytes: number; url: string }[];
}

let world: ServiceWorld;
let channel: { id: string; messages: number };

beforeAll(async () => {
  world = await startServiceWorld('export-jobs');
  channel = busiestChannel(world);
});

afterEach(() => world?.stopReplicas());
afterAll(() => world?.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  world.app.inject({ method: 'POST', url: '/exports', headers: { ...auth(), ...headers }, payload: body as object });

async function queuedMessages(): Promise<number> {
  const jsm = await jetstreamManager(world.bus.connection);
  return (await jsm.streams.info(platformStreams(world.bus.namespace).exportJobs.name)).state.messages;
}

/** The JSON export's message ids: each exported once, in order, all of the channel. */
function checkJsonExport(text: string, expected: number) {
  const document = JSON.parse(text) as { messageCount: number; messages: { id: string }[] };
  const ids = document.messages.map((message) => BigInt(message.id));
  expect(document.messageCount).toBe(expected);
  expect(ids).toHaveLength(expected);
  expect(new Set(ids).size).toBe(expected);
  expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] as bigint))).toBe(true);
}

describe('export jobs over the HTTP API and the work queue', () => {
  it('requires the internal bearer token', async () => {
    const response = await world.app.inject({ method: 'POST', url: '/exports', payload: {} });
    expect(response.statusCode).toBe(401);
    expect(
      (await world.app.inject({ method: 'GET', url: '/exports/x', headers: auth('wrong-token-0123456789') }))
        .statusCode,
    ).toBe(401);
  });

  it('refuses bad options with 400 and the reasons by field, and queues nothing', async () => {
    const before = await queuedMessages();
    const response = await post({
      guildId: world.guildId,
      channels: [channel.id],
      formats: ['Json', 'Pdf'],
      filter: 'from:alice (',
      after: 'yesterday-ish',
      output: '../../etc/',
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().issues as { field: string }[]).map((issue) => issue.field.split('.')[0]);
    expect(fields).toEqual(expect.arrayContaining(['formats', 'filter', 'after']));
    const noGuild = await post({ channels: [channel.id], output: '/tmp/x' });
    expect(noGuild.statusCode).toBe(400);
    expect((noGuild.json().issues as { field: string }[]).map((issue) => issue.field)).toEqual(['guildId', 'output']);
    expect(await queuedMessages()).toBe(before);
  });

  it('answers 404 for an unknown job', async () => {
    const response = await world.app.inject({
      method: 'GET',
      url: '/exports/4b0c2a4e-0000-4000-8000-000000000000',
      headers: auth(),
    });
    expect(response.statusCode).toBe(404);
    expect((await world.app.inject({ method: 'GET', url: '/exports/nope', headers: auth() })).statusCode).toBe(404);
  });

  it('runs a posted job on a worker: GET shows it done with its files, which download', async () => {
    const replica = await world.startReplica();
    const response = await post({ guildId: world.guildId, channels: [channel.id], formats: 'Json,PlainText' });
    expect(response.statusCode).toBe(202);
    const { id } = response.json() as { id: string };
    const done = await waitForJob<Status>(world, id, (status) => status.state === 'done' || status.state === 'failed');
    expect(done).toMatchObject({
      state: 'done',
      attempts: 1,
      error: null,
      progress: { fraction: 1, messages: channel.messages },
    });
    expect(done.files.map((file) => file.name.slice(file.name.lastIndexOf('.'))).sort()).toEqual(['.json', '.txt']);
    const json = done.files.find((file) => file.name.endsWith('.json'));
    const download = await world.app.inject({ method: 'GET', url: json?.url ?? '', headers: auth() });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/json');
    expect(Number(download.headers['content-length'])).toBe(json?.bytes);
    checkJsonExport(download.body, channel.messages);
    expect(await replica.registry.metrics()).toMatch(/export_jobs_total\{outcome="done"\} 1/);
    expect(await replica.registry.metrics()).toMatch(new RegExp(`export_messages_total ${channel.messages}`));
    expect(await replica.registry.metrics()).toMatch(/export_job_queue_wait_seconds_count 1/);
    expect(await replica.registry.metrics()).toMatch(/export_jobs_running 0/);
    // A signed link works without the token; a tampered one does not.
    const link = new URL(world.links.link(id, json?.name ?? '', Date.now() + 60_000));
    const signed = await world.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(signed.statusCode).toBe(200);
    link.searchParams.set('signature', 'forged');
    const tampered = await world.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(tampered.statusCode).toBe(403);
  });

  it('exports a category as its channels and their threads, one file each, named by the template', async () => {
    await world.startReplica();
    const category = world.sim.world
      .channels(world.guildId)
      .find(
        (c) =>
          c.type === 4 &&
          world.sim.world
            .channels(world.guildId)
            .some((child) => 'parent_id' in child && child.parent_id === c.id && child.type === 0),
      );
    const response = await post({
      guildId: world.guildId,
      channels: [category?.id],
      formats: 'Json',
      includeThreads: 'active',
      output: '%T/%C.json',
    });
    expect(response.statusCode).toBe(202);
    const done = await waitForJob<Status>(world, response.json().id, (s) => s.state === 'done' || s.state === 'failed');
    expect(done.state).toBe('done');
    const exported = new Map<string, number>();
    for (const file of done.files) {
      expect(file.name).toMatch(/^[^/]+\/[^/]+\.json$/);
      const download = await world.app.inject({ method: 'GET', url: file.url, headers: auth() });
      const document = JSON.parse(download.body) as { channel: { id: string }; messageCount: number };
      exported.set(document.channel.id, document.messageCount);
    }
    const threads = world.sim.world.activeThreads(world.guildId).filter((t) => t.parent_id === channel.id);
    expect(threads.length).toBeGreaterThan(0);
    for (const id of [channel.id, ...threads.map((t) => t.id)]) expect(exported.has(id), id).toBe(true);
    for (const [id, count] of exported) expect(count, id).toBe(world.sim.world.messageCount(id));
    expect(done.progress.messages).toBe([...exported.values()].reduce((a, b) => a + b, 0));
  });

  it('gives the same job for a repeated Idempotency-Key', async () => {
    const body = { guildId: world.guildId, channels: [channel.id], formats: 'Csv' };
    const first = await post(body, { 'idempotency-key': 'same-request-1' });
    const before = await queuedMessages();
    const second = await post(body, { 'idempotency-key': 'same-request-1' });
    expect(second.json().id).toBe(first.json().id);
    expect(await queuedMessages()).toBe(before);
    await world.startReplica();
    await waitForJob<Status>(world, first.json().id, (status) => status.state === 'done');
  });

  it('shares the queue between two workers and runs each job once', async () => {
    const replicas = [await world.startReplica(), await world.startReplica()];
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await post({
        guildId: world.guildId,
        channels: [channel.id],
        formats: 'Json',
        filter: `-from:nobody${i}`,
      });
      ids.push(response.json().id);
    }
    for (const id of ids) {
      const status = await waitForJob<Status>(world, id, (s) => s.state === 'done' || s.state === 'failed');
      expect(status).toMatchObject({ state: 'done', attempts: 1 });
    }
    const runs = await Promise.all(replicas.map(async (replica) => (await replica.metrics.jobs.get()).values));
    const done = runs.map((values) => values.find((v) => v.labels.outcome === 'done')?.value ?? 0);
    expect(done.reduce((a, b) => a + b, 0)).toBe(4);
    const { rows } = await world.pool.query<{ worker: string }>('SELECT worker FROM jobs WHERE id = ANY($1)', [ids]);
    expect(new Set(rows.map((row) => row.worker)).size).toBe(2);
  });

  it('keeps a job longer than the ack wait on its worker, which extends the deadline', async () => {
    // Pages held back 3.5 s each: the job outlasts the harness's 5 s ack wait, with an idle worker beside it.
    await world.startReplica({ slow: 3_500 });
    const response = await post({ guildId: world.guildId, channels: [channel.id], formats: 'Json' });
    const { id } = response.json() as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 500));
    await world.startReplica();
    const done = await waitForJob<Status>(world, id, (status) => status.state === 'done' || status.state === 'failed');
    expect(done).toMatchObject({ state: 'done', attempts: 1 });
    const { rows } = await world.pool.query<{ worker: string }>('SELECT worker FROM jobs WHERE id = $1', [id]);
    expect(rows[0]?.worker).toBe('replica-1');
  });

  it('hands a job stopped mid-run to another worker, which finishes it', async () => {
    let pages = 0;
    let reachedPage: () => void = () => {};
    const midway = new Promise<void>((resolve) => (reachedPage = resolve));
    const first = await world.startReplica({
      slow: 300,
      onPage: () => {
        pages++;
        if (pages === 1) reachedPage();
      },
    });
    const response = await post({ guildId: world.guildId, channels: [channel.id], formats: 'Json' });
    const { id } = response.json() as { id: string };
    await midway;
    await first.stop();
    const interrupted = await waitForJob<Status>(world, id, (status) => status.state !== 'running');
    expect(interrupted).toMatchObject({ state: 'queued', attempts: 1 });
    expect(await first.registry.metrics()).toMatch(/export_jobs_total\{outcome="interrupted"\} 1/);

    await world.startReplica();
    const done = await waitForJob<Status>(world, id, (status) => status.state === 'done' || status.state === 'failed');
    expect(done).toMatchObject({ state: 'done', attempts: 2, progress: { messages: channel.messages } });
    const download = await world.app.inject({ method: 'GET', url: done.files[0]?.url ?? '', headers: auth() });
    checkJsonExport(download.body, channel.messages);
  });

  it('marks a job that cannot succeed failed with the reason, and dead-letters it', async () => {
    await world.startReplica();
    // A channel id Discord does not know: the source refuses it, which no retry can change.
    const response = await post({ guildId: world.guildId, channels: ['123456789012345678'], formats: 'Json' });
    const { id } = response.json() as { id: string };
    const failed = await waitForJob<Status>(
      world,
      id,
      (status) => status.state === 'failed' || status.state === 'done',
    );
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/123456789012345678/);
    const jsm = await jetstreamManager(world.bus.connection);
    const deadLetters = platformStreams(world.bus.namespace).deadLetters.name;
    for (let i = 0; i < 50 && (await jsm.streams.info(deadLetters)).state.messages === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const subject = world.bus.subjects.deadLetter(
      platformStreams(world.bus.namespace).exportJobs.name,
      world.bus.namespace.resource('export_jobs'),
    );
    const stored = await jsm.streams.getMessage(deadLetters, { last_by_subj: subject });
    expect(stored?.header.get('Dead-Letter-Reason')).toMatch(/123456789012345678/);
    expect(JSON.parse(stored?.string() ?? '{}').id).toBe(id);
  });
});
