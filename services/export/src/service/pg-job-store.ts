import type pg from 'pg';
import { type ExportJob, type JobFile, type JobProgress, type JobStatus, jobRequesterSchema } from './export-job.js';
import type { JobStart, JobStore } from './job-store.js';

interface JobRow {
  id: string;
  guild_id: string;
  options: JobStatus['options'];
  requester: unknown;
  state: JobStatus['state'];
  progress: number;
  messages: string;
  files: JobFile[];
  error: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** Job state in the service's Postgres schema (`migrations/001_export_jobs.sql`). */
export class PgJobStore implements JobStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(job: ExportJob): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO jobs (id, guild_id, options, requester, created_at)
       VALUES ($1, $2, $3, $4, to_timestamp($5::double precision / 1000))
       ON CONFLICT (id) DO NOTHING`,
      [job.id, job.guildId, JSON.stringify(job.options), JSON.stringify(job.requester), job.createdAt],
    );
    return result.rowCount === 1;
  }

  async get(id: string): Promise<JobStatus | undefined> {
    const { rows } = await this.pool.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      guildId: row.guild_id,
      state: row.state,
      progress: { fraction: row.progress, messages: Number(row.messages) },
      files: row.files,
      error: row.error,
      attempts: row.attempts,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      requester: jobRequesterSchema.parse(row.requester),
      options: row.options,
    };
  }

  async start(id: string, worker: string, leaseMs: number): Promise<JobStart | 'finished' | 'busy'> {
    const { rows } = await this.pool.query<{ attempts: number; started_at: Date }>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = $2,
         started_at = coalesce(started_at, now()), updated_at = now()
       WHERE id = $1 AND (state = 'queued' OR (state = 'running'
         AND (worker = $2 OR updated_at < now() - $3 * interval '1 millisecond')))
       RETURNING attempts, started_at`,
      [id, worker, leaseMs],
    );
    const row = rows[0];
    if (row) return { attempt: row.attempts, startedAt: row.started_at };
    const { rows: current } = await this.pool.query<{ state: string }>('SELECT state FROM jobs WHERE id = $1', [id]);
    // A job unknown here (its row removed) is as good as finished: nothing can run it.
    return current[0]?.state === 'running' ? 'busy' : 'finished';
  }

  async touch(id: string): Promise<void> {
    await this.pool.query(`UPDATE jobs SET updated_at = now() WHERE id = $1 AND state = 'running'`, [id]);
  }

  async progress(id: string, progress: JobProgress): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET progress = $2, messages = $3, updated_at = now() WHERE id = $1 AND state = 'running'`,
      [id, Math.min(1, Math.max(0, progress.fraction)), progress.messages],
    );
  }

  async requeue(id: string): Promise<void> {
    await this.pool.query(`UPDATE jobs SET state = 'queued', updated_at = now() WHERE id = $1 AND state = 'running'`, [
      id,
    ]);
  }

  async finish(id: string, files: readonly JobFile[], messages: number): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET state = 'done', progress = 1, messages = $3, files = $2, error = NULL,
         finished_at = now(), updated_at = now()
       WHERE id = $1`,
      [id, JSON.stringify(files), messages],
    );
  }

  async fail(id: string, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE jobs SET state = 'failed', error = $2, finished_at = now(), updated_at = now() WHERE id = $1`,
      [id, reason],
    );
  }
}
