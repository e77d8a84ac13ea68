import { createHash, randomUUID } from 'node:crypto';
import { HttpError, parseInput, requireBearer } from '@platform/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DownloadLinks } from './download-links.js';
import type { ExportJob, JobStatus } from './export-job.js';
import { fileUrl } from './file-url.js';
import type { JobStore } from './job-store.js';
import { type OutputStorage, storedFileKey, UnsafeFileNameError } from './output-storage.js';
import { parseJobRequest } from './parse-job-request.js';

export interface ExportRoutesOptions {
  store: JobStore;
  storage: OutputStorage;
  links: DownloadLinks;
  /** Puts a recorded job on the work queue. */
  enqueue(job: ExportJob): Promise<void>;
  /** `INTERNAL_API_TOKEN`: required as a bearer token, except on a signed download link. */
  token: string;
  now?: () => number;
}

const jobParams = z.object({ id: z.string() });
const fileParams = z.object({ id: z.string(), '*': z.string() });
const linkQuery = z.object({ expires: z.string().optional(), signature: z.string().optional() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The export jobs API: `POST /exports` records and enqueues a job (202 with its id), `GET /exports/:id`
 * tells where it stands, `GET /exports/:id/files/<name>` downloads one of its files from the storage.
 * An `Idempotency-Key` header makes a retried POST give the same job rather than a second one.
 */
export function registerExportRoutes(app: FastifyInstance, options: ExportRoutesOptions): void {
  const { store, storage, links } = options;
  const now = options.now ?? Date.now;
  const bearer = requireBearer(options.token);
  const auth = { onRequest: bearer };

  app.post('/exports', auth, async (request, reply) => {
    const parsed = parseJobRequest(request.body);
    if (!parsed.ok) throw new HttpError(400, 'invalid export options', { issues: parsed.issues });
    const key = request.headers['idempotency-key'];
    const job: ExportJob = {
      id: typeof key === 'string' && key !== '' ? idFromKey(key) : randomUUID(),
      guildId: parsed.guildId,
      options: parsed.options,
      requester: { kind: 'api' },
      createdAt: now(),
    };
    if (!(await store.create(job))) {
      // A repeated key gives back the job it first made, whatever this request's body says.
      const recorded = await known(job.id);
      return reply.code(202).send({ id: job.id, state: recorded.state, url: `/exports/${job.id}` });
    }
    try {
      await options.enqueue(job);
    } catch (error) {
      await store.fail(job.id, 'the work queue could not take the job; ask again');
      throw new HttpError(503, 'the work queue (NATS) could not take the job; nothing was queued, try again', {
        id: job.id,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    return reply.code(202).send({ id: job.id, state: 'queued', url: `/exports/${job.id}` });
  });

  app.get('/exports/:id', auth, async (request) =>
    statusJson(await known(parseInput(jobParams, request.params, 'params').id)),
  );

  app.get('/exports/:id/files/*', { onRequest: bearerOrSignature }, async (request, reply) => {
    const params = parseInput(fileParams, request.params, 'params');
    const status = await known(params.id);
    const name = params['*'];
    if (status.state !== 'done')
      throw new HttpError(409, `export ${status.id} is ${status.state}; files come when it is done`);
    if (!status.files.some((file) => file.name === name)) {
      throw new HttpError(404, `export ${status.id} has no file "${name}"`, { files: status.files.map((f) => f.name) });
    }
    const stored = await storage.open(fileKey(status.id, name));
    if (!stored) throw new HttpError(404, `the file "${name}" of export ${status.id} is no longer in the storage`);
    const extension = name.slice(name.lastIndexOf('.')).toLowerCase();
    return reply
      .type(CONTENT_TYPES[extension] ?? 'application/octet-stream')
      .header('content-length', stored.bytes)
      .header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(name.slice(name.lastIndexOf('/') + 1))}`,
      )
      .send(stored.body);
  });

  /** A download link from Discord carries its signature instead of the internal token. */
  async function bearerOrSignature(request: FastifyRequest, reply: FastifyReply) {
    const query = parseInput(linkQuery, request.query, 'query');
    const params = request.params as { id?: string; '*'?: string };
    if (query.expires !== undefined || query.signature !== undefined) {
      if (links.verify(params.id ?? '', params['*'] ?? '', query.expires ?? '', query.signature ?? '', now())) return;
      return reply
        .code(403)
        .send({ error: 'this download link is expired or not valid; run /export again for a new one' });
    }
    return bearer(request, reply);
  }

  async function known(id: string): Promise<JobStatus> {
    const status = UUID.test(id) ? await store.get(id) : undefined;
    if (!status) throw new HttpError(404, `no export job ${id}`);
    return status;
  }
}

function fileKey(jobId: string, name: string): string {
  try {
    return storedFileKey(jobId, name);
  } catch (error) {
    if (error instanceof UnsafeFileNameError) throw new HttpError(400, error.message);
    throw error;
  }
}

/** A job id made from a client's idempotency key: the same key, the same job. */
function idFromKey(key: string): string {
  const hex = createHash('sha256').update(`export-job:${key}`).digest('hex');
  // Shaped as a version-4-like UUID so it reads like any other job id.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A job as the API shows it: never the interaction token. */
function statusJson(status: JobStatus) {
  return {
    id: status.id,
    guildId: status.guildId,
    state: status.state,
    progress: status.progress,
    files: status.files.map((file) => ({ ...file, url: fileUrl(status.id, file.name) })),
    error: status.error,
    attempts: status.attempts,
    requestedBy: status.requester.kind,
    createdAt: status.createdAt.toISOString(),
    startedAt: status.startedAt?.toISOString() ?? null,
    finishedAt: status.finishedAt?.toISOString() ?? null,
    options: status.options,
  };
}
