import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from '../src/service/s3-storage.js';
import { auth, busiestChannel, type ServiceWorld, startServiceWorld, waitForJob } from './service-harness.js';

const BUCKET = 'exports';
let server: S3rver;
let dir: string;
let storage: S3Storage;
let world: ServiceWorld;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-s3-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 'server'),
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  storage = new S3Storage({
    bucket: BUCKET,
    prefix: 'test/',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    // s3rver's fixed credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  });
  world = await startServiceWorld('export-s3', storage);
});

afterAll(async () => {
  await world?.close();
  storage?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function read(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('S3-compatible output storage (s3rver)', () => {
  it('stores a file larger than a part as a multipart upload and streams it back whole', async () => {
    const data = randomBytes(17 * 1024 * 1024 + 123);
    const path = join(dir, 'big.bin');
    await writeFile(path, data);
    await storage.put('job-1/big.bin', path);
    const stored = await storage.open('job-1/big.bin');
    expect(stored?.bytes).toBe(data.length);
    expect(sha(await read(stored?.body as NodeJS.ReadableStream))).toBe(sha(data));
  });

  it('has no file under a key never stored', async () => {
    expect(await storage.open('job-1/missing.json')).toBeUndefined();
  });

  it('serves a finished job’s files from the bucket', async () => {
    await world.startReplica();
    const channel = busiestChannel(world);
    const response = await world.app.inject({
      method: 'POST',
      url: '/exports',
      headers: auth(),
      payload: { guildId: world.guildId, channels: [channel.id], formats: 'Json' },
    });
    const { id } = response.json() as { id: string };
    const done = await waitForJob<{ state: string; files: { name: string; url: string }[] }>(
      world,
      id,
      (status) => status.state === 'done' || status.state === 'failed',
    );
    expect(done.state).toBe('done');
    const download = await world.app.inject({ method: 'GET', url: done.files[0]?.url ?? '', headers: auth() });
    expect(download.statusCode).toBe(200);
    expect(JSON.parse(download.body).messageCount).toBe(channel.messages);
    const stored = await storage.open(`${id}/${done.files[0]?.name}`);
    expect(stored?.bytes).toBe(download.rawPayload.length);
    await world.stopReplicas();
  });
});
