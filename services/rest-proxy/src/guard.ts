import type { RedisClient } from '@platform/cache';

const WINDOW_MS = 10 * 60 * 1000;
const SLOT_MS = 60 * 1000;
const SLOTS = WINDOW_MS / SLOT_MS;

/** Whether Discord counts an answer towards the invalid request limit (401, 403, 429 other than shared). */
export function isInvalidRequest(status: number, scope: string | undefined): boolean {
  return status === 401 || status === 403 || (status === 429 && scope !== 'shared');
}

export interface InvalidRequestGuardOptions {
  /** Invalid requests allowed per 10 minutes across every replica behind the egress IP (a share of 10,000). */
  budget: number;
  /** Replicas sharing the budget: each keeps to budget / replicas when it cannot reach Redis. */
  replicas: number;
  client?: RedisClient;
  prefix?: string;
  /** Whether the shared counter can be used now. */
  shared?: () => boolean;
  now?: () => number;
}

/**
 * Counts answers of 401, 403 and non-shared 429 in minute slots over the last 10 minutes (Cloudflare bans
 * an IP at 10,000) and says when to stop sending. Counted in Redis for every replica when it answers, and
 * in the process always, so an outage falls back to this replica's share.
 */
export class InvalidRequestGuard {
  private readonly local = new Map<number, number>();
  private sharedCount = 0;
  private sharedReadAt = 0;
  private readonly now: () => number;

  constructor(private readonly options: InvalidRequestGuardOptions) {
    this.now = options.now ?? Date.now;
  }

  private slot(at: number): number {
    return Math.floor(at / SLOT_MS);
  }

  private localCount(now: number): number {
    const current = this.slot(now);
    let total = 0;
    for (const [slot, count] of this.local) {
      if (slot <= current - SLOTS) this.local.delete(slot);
      else total += count;
    }
    return total;
  }

  private canShare(): boolean {
    return Boolean(this.options.client && this.options.prefix && (this.options.shared?.() ?? true));
  }

  async record(): Promise<void> {
    const now = this.now();
    const slot = this.slot(now);
    this.local.set(slot, (this.local.get(slot) ?? 0) + 1);
    this.sharedCount++;
    if (!this.canShare()) return;
    const key = `${this.options.prefix}invalid:${slot}`;
    try {
      await this.options.client
        ?.multi()
        .incr(key)
        .pExpire(key, WINDOW_MS + SLOT_MS)
        .exec();
    } catch {
      // Counted locally; the shared count catches up on its next read.
    }
  }

  /** Refreshes the shared count (at most once a second). */
  private async refresh(now: number): Promise<void> {
    if (!this.canShare() || now - this.sharedReadAt < 1000) return;
    this.sharedReadAt = now;
    const current = this.slot(now);
    const keys = Array.from({ length: SLOTS }, (_, i) => `${this.options.prefix}invalid:${current - i}`);
    try {
      const values = (await this.options.client?.mGet(keys)) ?? [];
      this.sharedCount = values.reduce<number>((sum, value) => sum + Number(value ?? 0), 0);
    } catch {
      this.sharedReadAt = 0;
    }
  }

  /** Invalid requests counted in the last 10 minutes: by every replica when shared, by this one otherwise. */
  async count(): Promise<number> {
    const now = this.now();
    if (this.canShare()) {
      await this.refresh(now);
      return Math.max(this.sharedCount, this.localCount(now));
    }
    return this.localCount(now);
  }

  /** True when sending more could get the IP banned. */
  async exhausted(): Promise<boolean> {
    const count = await this.count();
    const limit = this.canShare() ? this.options.budget : Math.floor(this.options.budget / this.options.replicas);
    return count >= limit;
  }
}

export interface DeadWebhooksOptions {
  ttlMs?: number;
  client?: RedisClient;
  prefix?: string;
  /** Whether Redis can be asked now. */
  shared?: () => boolean;
  now?: () => number;
}

/**
 * Webhooks that answered 404: sending to them again only adds to the invalid requests Cloudflare counts.
 * Remembered for `ttlMs` in the process and, when it answers, in Redis for every replica. Keys hold the
 * webhook id and a digest of its token, never the token.
 */
export class DeadWebhooks {
  private readonly dead = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly commands: Pick<RedisClient, 'exists' | 'set'> | undefined;

  constructor(private readonly options: DeadWebhooksOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
    this.commands = options.client?.withCommandOptions({ timeout: 500 }) as
      | Pick<RedisClient, 'exists' | 'set'>
      | undefined;
  }

  private canShare(): boolean {
    return Boolean(this.commands && this.options.prefix && (this.options.shared?.() ?? true));
  }

  async add(key: string): Promise<void> {
    this.dead.set(key, this.now() + this.ttlMs);
    if (this.dead.size > 100_000) {
      const oldest = this.dead.keys().next().value;
      if (oldest !== undefined) this.dead.delete(oldest);
    }
    if (!this.canShare()) return;
    try {
      await this.commands?.set(`${this.options.prefix}deadhook:${key}`, '1', { PX: this.ttlMs });
    } catch {
      // Remembered here; other replicas learn it from their own 404.
    }
  }

  async has(key: string): Promise<boolean> {
    const until = this.dead.get(key);
    if (until !== undefined) {
      if (until > this.now()) return true;
      this.dead.delete(key);
    }
    if (!this.canShare()) return false;
    try {
      return (await this.commands?.exists(`${this.options.prefix}deadhook:${key}`)) === 1;
    } catch {
      return false;
    }
  }
}
