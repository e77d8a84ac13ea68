import type { SessionInfo } from '@discordjs/ws';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { shardKey } from './coordination.js';

/**
 * Gateway sessions, kept in memory for @discordjs/ws (which reads and writes them on every dispatch)
 * and written behind to NATS KV so that whichever replica holds a shard next resumes it.
 *
 * The sequence written to KV is the last one JetStream acknowledged (`commit`), not the last one
 * received: a replica killed with events still in its buffer leaves a sequence from which the next
 * holder's RESUME replays them; those it had published already are dropped by their dedupe id.
 */
export class SessionStore {
  private readonly local = new Map<number, SessionInfo>();
  private readonly committed = new Map<number, { sessionId: string; seq: number }>();
  private readonly writing = new Set<number>();
  private readonly dirty = new Set<number>();
  /** Shards being closed on purpose: the library's clearing of their session is ignored. */
  private readonly keeping = new Set<number>();
  /** Shards whose session Discord ended: their stored session is deleted. */
  private readonly cleared = new Set<number>();
  private writable = true;

  constructor(
    private readonly kv: KV,
    private readonly logger: Logger,
  ) {}

  /** Loads the stored session of a shard about to connect; sessions of another shard count are ignored. */
  async load(shard: number, shardCount: number): Promise<SessionInfo | null> {
    const entry = await this.kv.get(shardKey(shard));
    if (entry?.operation !== 'PUT') return null;
    const info = entry.json() as SessionInfo;
    if (info.shardCount !== shardCount || info.shardId !== shard) return null;
    this.local.set(shard, info);
    this.committed.set(shard, { sessionId: info.sessionId, seq: info.sequence });
    return info;
  }

  retrieve(shard: number): SessionInfo | null {
    return this.local.get(shard) ?? null;
  }

  update(shard: number, info: SessionInfo | null): void {
    if (info === null) {
      if (this.keeping.has(shard)) return;
      this.local.delete(shard);
      this.committed.delete(shard);
      this.cleared.add(shard);
    } else {
      this.cleared.delete(shard);
      const previous = this.local.get(shard);
      this.local.set(shard, info);
      if (previous?.sessionId === info.sessionId && previous.resumeURL === info.resumeURL) return;
    }
    this.schedule(shard);
  }

  /** JetStream acknowledged every event of the session up to `seq`. */
  commit(shard: number, sessionId: string, seq: number): void {
    // A shard given up (or whose session ended) is no longer this replica's to write.
    if (this.local.get(shard)?.sessionId !== sessionId) return;
    const current = this.committed.get(shard);
    if (current && current.sessionId === sessionId && current.seq >= seq) return;
    this.committed.set(shard, { sessionId, seq });
    this.schedule(shard);
  }

  /** From now on the shard's session survives the library clearing it (a resumable close). */
  keep(shard: number): void {
    this.keeping.add(shard);
  }

  /** Forgets a shard given up, after its last write. */
  forget(shard: number): void {
    this.local.delete(shard);
    this.committed.delete(shard);
    this.keeping.delete(shard);
    this.cleared.delete(shard);
    this.dirty.delete(shard);
  }

  /** What KV should hold for the shard: the session with its last acknowledged sequence. */
  durable(shard: number): SessionInfo | null {
    const info = this.local.get(shard);
    if (!info) return null;
    const committed = this.committed.get(shard);
    const sequence = committed?.sessionId === info.sessionId ? Math.min(committed.seq, info.sequence) : 0;
    return { ...info, sequence };
  }

  /** Writes the shard's session now and waits for it. */
  async persist(shard: number): Promise<void> {
    const info = this.durable(shard);
    if (info) await this.kv.put(shardKey(shard), JSON.stringify(info));
    else if (this.cleared.has(shard)) {
      await this.kv.delete(shardKey(shard));
      this.cleared.delete(shard);
    }
  }

  /** Stops background writes (before the connection goes away). */
  stop(): void {
    this.writable = false;
  }

  private schedule(shard: number): void {
    this.dirty.add(shard);
    if (!this.writing.has(shard) && this.writable) void this.writeLoop(shard);
  }

  private async writeLoop(shard: number): Promise<void> {
    this.writing.add(shard);
    try {
      while (this.dirty.has(shard) && this.writable) {
        this.dirty.delete(shard);
        try {
          await this.persist(shard);
        } catch (error) {
          this.logger.debug({ err: error, shard }, 'session not saved yet; retrying');
          this.dirty.add(shard);
          await new Promise((resolve) => setTimeout(resolve, 500).unref());
        }
      }
    } finally {
      this.writing.delete(shard);
    }
  }
}
