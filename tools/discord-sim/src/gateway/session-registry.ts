import { randomBytes } from 'node:crypto';
import { GatewaySession, type GatewaySessionInit } from './gateway-session.js';

/**
 * The live sessions of the gateway. A session without a connection stays resumable for the resume window,
 * then expires.
 */
export class SessionRegistry {
  private readonly byId = new Map<string, GatewaySession>();
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  constructor(private readonly resumeWindowMs: number) {}

  /** Every live session, attached or waiting for a resume. */
  all(): IterableIterator<GatewaySession> {
    return this.byId.values();
  }

  get(id: string): GatewaySession | undefined {
    return this.byId.get(id);
  }

  create(init: Omit<GatewaySessionInit, 'id'>): GatewaySession {
    const session = new GatewaySession({ ...init, id: randomBytes(16).toString('hex') });
    this.byId.set(session.id, session);
    return session;
  }

  /** Detaches the session from its connection and keeps it for the resume window. */
  suspend(session: GatewaySession): void {
    session.detach();
    this.clearExpiry(session.id);
    const timer = setTimeout(() => this.end(session), this.resumeWindowMs);
    timer.unref();
    this.expiries.set(session.id, timer);
  }

  /** A resumed session no longer expires. */
  resume(session: GatewaySession): void {
    this.clearExpiry(session.id);
  }

  /** Forgets the session: it can no longer be resumed. */
  end(session: GatewaySession): void {
    session.detach();
    this.clearExpiry(session.id);
    this.byId.delete(session.id);
  }

  clear(): void {
    for (const session of [...this.byId.values()]) this.end(session);
  }

  private clearExpiry(id: string): void {
    const timer = this.expiries.get(id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.expiries.delete(id);
  }
}
