/**
 * Gathers items handed in one by one (by bus handlers, each awaiting its own) into batches of at most
 * `maxSize`, written when full or when the oldest has waited `maxWaitMs`, one batch at a time. Each
 * item's promise settles with its own result once its batch is written, so a handler acknowledges
 * its message only after the commit.
 *
 * A batch that fails because of its data (`isPoison`) is written again in halves, down to the one
 * item at fault, which is rejected with {@link PoisonItemError}; the others are written. Any other
 * failure rejects the whole batch, for the bus to deliver again.
 */

export interface WriteBatcherOptions<T, R> {
  maxSize: number;
  maxWaitMs: number;
  /** Writes a batch; returns one result per item, in order. */
  write: (items: T[]) => Promise<R[]>;
  /** True for a failure the items caused (bad data), as opposed to the database being away. */
  isPoison: (error: unknown) => boolean;
}

/** The one item a batch failed on: retrying it cannot help. */
export class PoisonItemError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'PoisonItemError';
  }
}

interface Entry<T, R> {
  item: T;
  since: number;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class WriteBatcher<T, R> {
  private pending: Entry<T, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closing = false;

  constructor(private readonly options: WriteBatcherOptions<T, R>) {}

  /** Items waiting for a batch. */
  get size(): number {
    return this.pending.length;
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, since: Date.now(), resolve, reject });
      if (this.pending.length >= this.options.maxSize || this.closing) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.options.maxWaitMs);
    });
  }

  /** Writes what is waiting and resolves when every batch is settled. */
  async close(): Promise<void> {
    this.closing = true;
    this.kick();
    while (this.running) await this.running;
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && this.due()) {
      const batch = this.pending.splice(0, this.options.maxSize);
      await this.settle(batch);
    }
  }

  private due(): boolean {
    const oldest = this.pending[0];
    return (
      this.closing ||
      this.pending.length >= this.options.maxSize ||
      (oldest !== undefined && Date.now() - oldest.since >= this.options.maxWaitMs)
    );
  }

  /** After a drain: the items that came meanwhile are written when their oldest is due. */
  private schedule(): void {
    const oldest = this.pending[0];
    if (!oldest || this.timer) return;
    if (this.due()) this.kick();
    else this.timer = setTimeout(() => this.kick(), this.options.maxWaitMs - (Date.now() - oldest.since));
  }

  private async settle(batch: Entry<T, R>[]): Promise<void> {
    try {
      const results = await this.options.write(batch.map((e) => e.item));
      for (const [i, entry] of batch.entries()) entry.resolve(results[i] as R);
    } catch (error) {
      if (!this.options.isPoison(error)) {
        for (const entry of batch) entry.reject(error);
      } else if (batch.length === 1) {
        batch[0]?.reject(new PoisonItemError(error));
      } else {
        const half = Math.ceil(batch.length / 2);
        await this.settle(batch.slice(0, half));
        await this.settle(batch.slice(half));
      }
    }
  }
}
