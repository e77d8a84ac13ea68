import type { SimBot } from '../world/world.js';
import { dispatchFrame } from './frames.js';
import { ReplayBuffer, type ReplayResult } from './replay-buffer.js';

/** What a session consists of once IDENTIFY was accepted. */
export interface GatewaySessionInit {
  id: string;
  bot: SimBot;
  shardId: number;
  shardCount: number;
  intents: number;
  replayBufferSize: number;
}

/** Where a session currently sends its dispatches: the connection it is attached to. */
export interface DispatchSink {
  send(frame: string): void;
  /** The session moved to another connection (a resume while this one was still open). */
  sessionTakenOver(): void;
}

/**
 * A gateway session: it outlives its connections. Dispatches are numbered and kept in the replay buffer
 * whether a connection is attached or not, so a RESUME replays what was missed while away.
 */
export class GatewaySession {
  readonly id: string;
  readonly bot: SimBot;
  readonly botId: string;
  readonly shardId: number;
  readonly shardCount: number;
  readonly intents: number;
  private readonly replay: ReplayBuffer;
  private sink: DispatchSink | null = null;

  constructor(init: GatewaySessionInit) {
    this.id = init.id;
    this.bot = init.bot;
    this.botId = init.bot.user.id;
    this.shardId = init.shardId;
    this.shardCount = init.shardCount;
    this.intents = init.intents;
    this.replay = new ReplayBuffer(init.replayBufferSize);
  }

  /** The sequence number of the last dispatch. */
  get seq(): number {
    return this.replay.lastSeq;
  }

  get attached(): boolean {
    return this.sink !== null;
  }

  /** Sends future dispatches to `sink`; returns the sink it replaces, if another one held the session. */
  attach(sink: DispatchSink): DispatchSink | undefined {
    const previous = this.sink;
    this.sink = sink;
    return previous !== null && previous !== sink ? previous : undefined;
  }

  detach(): void {
    this.sink = null;
  }

  /** Numbers and records a dispatch, and sends it if a connection is attached. */
  dispatch(t: string, dJson: string): void {
    const frame = dispatchFrame(t, this.replay.lastSeq + 1, dJson);
    this.replay.push(frame);
    this.sink?.send(frame);
  }

  /** The dispatches after `seq`, for a RESUME. */
  since(seq: number): ReplayResult {
    return this.replay.since(seq);
  }
}
