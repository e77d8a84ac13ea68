/** What a resume from a sequence number gets: the frames to replay, or why it cannot be served. */
export type ReplayResult =
  | { ok: true; frames: string[] }
  /** Some frames after the sequence were already evicted: the session cannot be resumed. */
  | { ok: false; reason: 'evicted' }
  /** The sequence is beyond the last one sent: the client claims events that never existed. */
  | { ok: false; reason: 'ahead' };

/**
 * The last `capacity` dispatch frames of a session, numbered 1, 2, 3, ... in the order they were sent,
 * kept so that a RESUME can replay what the client missed.
 */
export class ReplayBuffer {
  private readonly frames: string[] = [];
  /** Index in `frames` of the oldest frame kept, once the ring is full. */
  private head = 0;
  private last = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer`);
  }

  /** The sequence number of the last frame pushed; 0 before the first. */
  get lastSeq(): number {
    return this.last;
  }

  /** Sequence number of the oldest frame still kept. */
  private get firstSeq(): number {
    return this.last - this.frames.length + 1;
  }

  /** Appends the frame numbered `lastSeq + 1` and returns that number. */
  push(frame: string): number {
    if (this.frames.length < this.capacity) {
      this.frames.push(frame);
    } else {
      this.frames[this.head] = frame;
      this.head = (this.head + 1) % this.capacity;
    }
    this.last += 1;
    return this.last;
  }

  /** The frames numbered after `seq`, oldest first. */
  since(seq: number): ReplayResult {
    if (seq > this.last) return { ok: false, reason: 'ahead' };
    if (seq < this.firstSeq - 1) return { ok: false, reason: 'evicted' };
    const count = this.last - seq;
    const frames = new Array<string>(count);
    const start = this.frames.length - count;
    for (let i = 0; i < count; i++) {
      frames[i] = this.frames[(this.head + start + i) % this.frames.length] as string;
    }
    return { ok: true, frames };
  }
}
