/**
 * A bounded FIFO of events waiting to be published, measured in events.
 *
 * When full it drops the NEWEST event (the one being added) and counts it: what is already buffered
 * stays a contiguous, ordered run of each shard's events, so consumers see a gap at the end of the
 * outage rather than holes scattered through it, and the events closest to what they already have
 * are the ones kept. Loss is never silent: `dropped` counts it and `onDrop` reports it.
 */
export class BoundedBuffer<T> {
  // A ring: O(1) push and shift at 150,000 entries, unlike Array#shift.
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  dropped = 0;

  constructor(
    readonly capacity: number,
    private readonly onDrop: (item: T, droppedTotal: number) => void = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`buffer capacity must be a positive integer`);
    this.items = new Array(Math.min(capacity, 1024));
  }

  get size(): number {
    return this.count;
  }

  /** Adds at the end; false (and counted) when the buffer is full. */
  push(item: T): boolean {
    if (this.count >= this.capacity) {
      this.dropped++;
      this.onDrop(item, this.dropped);
      return false;
    }
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
    return true;
  }

  /** Puts items back at the front, in their order (a batch that failed to publish). Never drops. */
  unshiftAll(items: readonly T[]): void {
    while (this.count + items.length > this.items.length) this.grow();
    for (let i = items.length - 1; i >= 0; i--) {
      this.head = (this.head - 1 + this.items.length) % this.items.length;
      this.items[this.head] = items[i];
      this.count++;
    }
  }

  /** Removes and returns up to `max` items from the front. */
  take(max: number): T[] {
    const n = Math.min(max, this.count);
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.items.length;
    }
    this.count -= n;
    return out;
  }

  private grow(): void {
    const next: (T | undefined)[] = new Array(Math.max(this.items.length * 2, 16));
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
