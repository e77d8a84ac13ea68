import { withTransaction } from '@platform/db';
import type pg from 'pg';

/** The raw event tables, each partitioned by day on its own time column. */
export const RAW_TABLES = ['messages', 'message_edits', 'reactions', 'voice_states'] as const;
export type RawTable = (typeof RAW_TABLES)[number];

export const DAY_MS = 86_400_000;

/** The UTC day (its midnight, epoch ms) an instant falls in. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * Partitions are dropped a day later than the horizon demands: a batch that read the horizon just
 * before a drop may still be writing rows of the last day kept.
 */
const DROP_MARGIN_DAYS = 1;

const isoDay = (day: number) => new Date(day).toISOString().slice(0, 10);

/** `messages_p20261202` for the messages of 2 December 2026. */
export function partitionName(table: RawTable, day: number): string {
  return `${table}_p${isoDay(day).replaceAll('-', '')}`;
}

function dayOfPartition(name: string): number | null {
  const match = /_p(\d{4})(\d{2})(\d{2})$/.exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** Which days each raw table needs a partition for. */
export type PartitionNeeds = Map<RawTable, Set<number>>;

/** Serialises partition DDL between replicas; the schema keeps test schemas apart. */
const LOCK = `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':raw-partitions', 0))`;

/**
 * The day partitions of the raw tables: created when a batch meets a day without one (and ahead of
 * time by maintenance), dropped once past the retention horizon. Remembers what exists, so a batch
 * costs no catalog query unless it brings a new day.
 */
export class RawPartitions {
  private known: Map<RawTable, Set<number>> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  /** Creates the partitions of `needs` that do not exist yet; returns the names created. */
  async ensure(needs: PartitionNeeds): Promise<string[]> {
    const known = await this.load();
    const missing: [RawTable, number][] = [];
    for (const [table, days] of needs) {
      for (const day of days) if (!known.get(table)?.has(day)) missing.push([table, day]);
    }
    if (missing.length === 0) return [];
    const created: string[] = [];
    await withTransaction(this.pool, async (client) => {
      await client.query(LOCK);
      for (const [table, day] of missing) {
        const name = partitionName(table, day);
        const result = await client.query(
          `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = $1`,
          [name],
        );
        if (result.rowCount === 0) {
          await client.query(
            `CREATE TABLE "${name}" PARTITION OF ${table}
               FOR VALUES FROM ('${isoDay(day)}T00:00:00Z') TO ('${isoDay(day + DAY_MS)}T00:00:00Z')`,
          );
          created.push(name);
        }
      }
    });
    for (const [table, day] of missing) known.get(table)?.add(day);
    return created;
  }

  /** Drops the partitions wholly older than `horizonMs` (less a margin); returns the names dropped. */
  async dropBefore(horizonMs: number): Promise<string[]> {
    const limit = dayOf(horizonMs) - DROP_MARGIN_DAYS * DAY_MS;
    this.known = undefined;
    const dropped: string[] = [];
    await withTransaction(this.pool, async (client) => {
      await client.query(LOCK);
      for (const { child, day } of await this.list(client)) {
        if (day + DAY_MS > limit) continue;
        await client.query(`DROP TABLE "${child}"`);
        dropped.push(child);
      }
    });
    return dropped;
  }

  private async load(): Promise<Map<RawTable, Set<number>>> {
    if (this.known) return this.known;
    const client = await this.pool.connect();
    try {
      const known = new Map<RawTable, Set<number>>(RAW_TABLES.map((t) => [t, new Set<number>()]));
      for (const { table, day } of await this.list(client)) known.get(table)?.add(day);
      this.known = known;
      return known;
    } finally {
      client.release();
    }
  }

  private async list(client: pg.ClientBase): Promise<{ table: RawTable; child: string; day: number }[]> {
    const result = await client.query<{ parent: RawTable; child: string }>(
      `SELECT parent.relname AS parent, child.relname AS child
         FROM pg_inherits
         JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
         JOIN pg_class child ON child.oid = pg_inherits.inhrelid
         JOIN pg_namespace n ON n.oid = parent.relnamespace
        WHERE n.nspname = current_schema() AND parent.relname = ANY($1)`,
      [RAW_TABLES],
    );
    return result.rows.flatMap((row) => {
      const day = dayOfPartition(row.child);
      return day === null ? [] : [{ table: row.parent, child: row.child, day }];
    });
  }
}
