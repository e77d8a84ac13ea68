import { createInbox, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';

/** The server's answer to a publish. */
export interface PublishAck {
  stream: string;
  /** Stream sequence; for a duplicate, the sequence of the message stored first. */
  seq: number;
  /** True when the server dropped it because the msg id was already seen. */
  duplicate: boolean;
}

interface Pending {
  resolve(ack: PublishAck): void;
  reject(error: Error): void;
  deadline: number;
}

interface PubAckBody {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { description?: string; code?: number };
}

const SWEEP_INTERVAL_MS = 50;
const decoder = new TextDecoder();

/**
 * Publishes to JetStream and matches the server's acks to the publishes over one reply
 * subscription, with one timer for all timeouts. This is the protocol `js.publish()` speaks,
 * without its per-publish request machinery (a timer, a pending-request entry and an Error
 * built even on success): measured in tools/bench, it publishes about twice as many events per
 * second on the same CPU.
 */
export class JetStreamPublisher {
  private readonly prefix = `${createInbox()}.`;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly nc: NatsConnection) {
    nc.subscribe(`${this.prefix}*`, { callback: (_error, msg) => this.settle(msg) });
    this.sweeper = setInterval(() => this.expire(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
    void nc.closed().then(() => {
      clearInterval(this.sweeper);
      this.failAll(new Error('connection closed'));
    });
  }

  /** Resolves with the server's ack; rejects on a JetStream error, no stream for the subject, or timeout. */
  publish(subject: string, data: Uint8Array, headers: MsgHdrs | undefined, timeoutMs: number): Promise<PublishAck> {
    const id = this.nextId++;
    return new Promise<PublishAck>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, deadline: performance.now() + timeoutMs });
      try {
        this.nc.publish(subject, data, { reply: `${this.prefix}${id}`, ...(headers ? { headers } : {}) });
      } catch (error) {
        this.pending.delete(id);
        reject(error as Error);
      }
    });
  }

  private settle(msg: Msg): void {
    const id = Number(msg.subject.slice(this.prefix.length));
    const pending = this.pending.get(id);
    // A late answer to a publish that already timed out.
    if (!pending) return;
    this.pending.delete(id);
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      pending.reject(new Error('no stream captures this subject'));
      return;
    }
    let body: PubAckBody;
    try {
      body = JSON.parse(decoder.decode(msg.data));
    } catch {
      pending.reject(new Error('unreadable ack from the server'));
      return;
    }
    if (body.error || body.stream === undefined || body.seq === undefined) {
      pending.reject(new Error(body.error?.description ?? 'invalid ack from the server'));
      return;
    }
    pending.resolve({ stream: body.stream, seq: body.seq, duplicate: body.duplicate === true });
  }

  private expire(): void {
    const now = performance.now();
    for (const [id, pending] of this.pending) {
      if (pending.deadline <= now) {
        this.pending.delete(id);
        pending.reject(new Error('no ack from the server in time'));
      }
    }
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
