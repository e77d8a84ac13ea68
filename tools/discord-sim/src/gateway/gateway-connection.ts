import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import type { IdentifyData, RequestGuildMembersData, ResumeData } from './client-payloads.js';
import { parseClientPayload } from './client-payloads.js';
import { CLOSE_CODE_RULES, sessionSurvivesClose } from './close-codes.js';
import {
  HEARTBEAT_ACK_FRAME,
  HEARTBEAT_REQUEST_FRAME,
  helloFrame,
  invalidSessionFrame,
  RECONNECT_FRAME,
} from './frames.js';
import { GatewayCloseError } from './gateway-close-error.js';
import type { GatewayContext, ResumeRecord } from './gateway-context.js';
import type { DispatchSink, GatewaySession } from './gateway-session.js';
import type { GatewayTransport } from './gateway-transport.js';
import { guildMembersChunks } from './guild-members-chunks.js';
import { validateIdentify } from './identify-validation.js';
import { readyPayload } from './ready-payload.js';
import { SendLimit } from './send-limit.js';
import { shardForGuild } from './shards.js';

/** A connection missing heartbeats for this many intervals is a zombie. */
const ZOMBIE_AFTER_INTERVALS = 1.5;

/** Discord's default `large_threshold`. */
const DEFAULT_LARGE_THRESHOLD = 50;

const RESUMED_PAYLOAD = '{"_trace":["discord-sim"]}';

/**
 * One websocket connection speaking the gateway protocol: HELLO, heartbeats, IDENTIFY or RESUME, then
 * the session's dispatches. A session is attached to at most one connection at a time; when the
 * connection ends the session is either kept for a resume or ended, following the close code.
 */
export class GatewayConnection implements DispatchSink {
  private session: GatewaySession | null = null;
  private closed = false;
  private readonly sendLimit: SendLimit;
  private readonly zombieTimer: NodeJS.Timeout;

  constructor(
    private readonly ctx: GatewayContext,
    private readonly transport: GatewayTransport,
  ) {
    this.sendLimit = new SendLimit(ctx.sendLimit.count, ctx.sendLimit.windowMs, Date.now());
    this.zombieTimer = setTimeout(
      () => this.closeWith(new GatewayCloseError(GatewayCloseCodes.SessionTimedOut, 'no heartbeat')),
      ctx.heartbeatIntervalMs * ZOMBIE_AFTER_INTERVALS,
    );
    this.zombieTimer.unref();
    transport.send(helloFrame(ctx.heartbeatIntervalMs));
  }

  /** The session attached to this connection, if any. */
  get currentSession(): GatewaySession | null {
    return this.session;
  }

  /** Sends a numbered dispatch frame of the attached session. */
  send(frame: string): void {
    this.transport.send(frame);
  }

  /** Handles one message from the client. */
  receive(raw: Buffer): void {
    if (this.closed) return;
    try {
      if (!this.sendLimit.take(Date.now())) {
        throw new GatewayCloseError(GatewayCloseCodes.RateLimited, 'more payloads than the send limit allows');
      }
      this.handle(raw);
    } catch (error) {
      if (error instanceof GatewayCloseError) {
        this.closeWith(error);
        return;
      }
      this.ctx.logger.warn({ err: error, sessionId: this.session?.id }, 'gateway failed to handle a payload');
      this.closeWith(new GatewayCloseError(GatewayCloseCodes.UnknownError, String(error)));
    }
  }

  /** The socket closed, whoever closed it; `code` is the close code received (1005/1006 without one). */
  onSocketClosed(code: number): void {
    this.closed = true;
    clearTimeout(this.zombieTimer);
    this.releaseSession(sessionSurvivesClose(code));
  }

  /** Asks the client for an immediate heartbeat (op 1). */
  requestHeartbeat(): void {
    this.transport.send(HEARTBEAT_REQUEST_FRAME);
  }

  /** Another connection resumed this connection's session: this one is stale and goes away. */
  sessionTakenOver(): void {
    this.session = null;
    this.drop();
  }

  /** Fault: op 7, asking the client to reconnect and resume. */
  requestReconnect(): void {
    this.transport.send(RECONNECT_FRAME);
  }

  /** Fault: op 9. The session stays resumable when `resumable`, else it ends; the connection stays open. */
  invalidateSession(resumable: boolean): void {
    this.releaseSession(resumable);
    this.transport.send(invalidSessionFrame(resumable));
  }

  /** The server shuts down: the session ends and the socket goes. */
  terminate(): void {
    this.closed = true;
    clearTimeout(this.zombieTimer);
    this.releaseSession(false);
    this.transport.destroy();
  }

  /** Fault: the socket vanishes without a close frame; the session stays resumable. */
  drop(): void {
    this.transport.destroy();
  }

  /** Closes with a gateway close code, keeping the session only when the code allows a resume. */
  closeWith(error: GatewayCloseError): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.zombieTimer);
    const rule = CLOSE_CODE_RULES[error.code];
    this.ctx.logger.info({ code: error.code, detail: error.detail, sessionId: this.session?.id }, 'gateway close');
    this.releaseSession(rule.resumable);
    this.transport.close(error.code, rule.reason);
  }

  private handle(raw: Buffer): void {
    const payload = parseClientPayload(raw);
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.zombieTimer.refresh();
        this.transport.send(HEARTBEAT_ACK_FRAME);
        return;
      case GatewayOpcodes.Identify:
        this.identify(payload.d);
        return;
      case GatewayOpcodes.Resume:
        this.resume(payload.d);
        return;
      case GatewayOpcodes.RequestGuildMembers:
        this.requestGuildMembers(this.requireSession(), payload.d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        // Accepted as Discord does; the world keeps no presence or voice connection for bots.
        this.requireSession();
        return;
    }
  }

  private requireSession(): GatewaySession {
    if (this.session === null)
      throw new GatewayCloseError(GatewayCloseCodes.NotAuthenticated, 'payload before identify');
    return this.session;
  }

  private identify(data: IdentifyData): void {
    if (this.session !== null) throw new GatewayCloseError(GatewayCloseCodes.AlreadyAuthenticated, 'second identify');
    const accepted = validateIdentify(this.ctx.world, data);
    const { bot, shardId, shardCount, intents, guildIds } = accepted;
    if (!this.ctx.throttle.admit(bot.user.id, shardId, shardCount, Date.now())) {
      this.ctx.logger.info({ botId: bot.user.id, shardId }, 'identify throttled by max_concurrency');
      this.transport.send(invalidSessionFrame(false));
      return;
    }
    const session = this.ctx.sessions.create({
      bot,
      shardId,
      shardCount,
      intents,
      replayBufferSize: this.ctx.replayBufferSize,
    });
    this.attach(session);
    this.ctx.logger.info({ sessionId: session.id, botId: bot.user.id, shardId, shardCount, intents }, 'session ready');
    const ready = readyPayload({
      bot,
      sessionId: session.id,
      resumeGatewayUrl: this.ctx.url,
      guildIds,
      shard: data.shard,
    });
    session.dispatch('READY', JSON.stringify(ready));
    // The guilds announced unavailable in READY arrive as GUILD_CREATE, an event of the GUILDS intent.
    if ((intents & GatewayIntentBits.Guilds) === 0) return;
    const largeThreshold = data.large_threshold ?? DEFAULT_LARGE_THRESHOLD;
    const presences = (intents & GatewayIntentBits.GuildPresences) !== 0;
    for (const guildId of guildIds) {
      const create = this.ctx.world.guildCreate(guildId, largeThreshold);
      // Presences come with the GUILD_PRESENCES intent only.
      session.dispatch('GUILD_CREATE', JSON.stringify(presences ? create : { ...create, presences: [] }));
    }
  }

  private resume(data: ResumeData): void {
    if (this.session !== null)
      throw new GatewayCloseError(GatewayCloseCodes.AlreadyAuthenticated, 'resume while identified');
    const bot = this.ctx.world.botByToken(data.token);
    if (bot === undefined) throw new GatewayCloseError(GatewayCloseCodes.AuthenticationFailed, 'unknown token');
    const record: ResumeRecord = {
      at: Date.now(),
      sessionId: data.session_id,
      seq: data.seq,
      outcome: 'resumed',
      replayed: 0,
    };
    this.ctx.resumeLog.push(record);

    const session = this.ctx.sessions.get(data.session_id);
    if (session === undefined || session.botId !== bot.user.id) {
      record.outcome = 'unknown-session';
      this.transport.send(invalidSessionFrame(false));
      return;
    }
    const replay = session.since(data.seq ?? 0);
    if (!replay.ok && replay.reason === 'ahead') {
      record.outcome = 'invalid-seq';
      this.ctx.sessions.end(session);
      throw new GatewayCloseError(GatewayCloseCodes.InvalidSeq, `seq ${data.seq} is ahead of ${session.seq}`);
    }
    if (!replay.ok) {
      record.outcome = 'evicted';
      this.ctx.sessions.end(session);
      this.transport.send(invalidSessionFrame(false));
      return;
    }
    this.ctx.sessions.resume(session);
    this.attach(session);
    for (const frame of replay.frames) this.transport.send(frame);
    record.replayed = replay.frames.length;
    session.dispatch('RESUMED', RESUMED_PAYLOAD);
    this.ctx.logger.info({ sessionId: session.id, seq: data.seq, replayed: record.replayed }, 'session resumed');
  }

  private requestGuildMembers(session: GatewaySession, request: RequestGuildMembersData): void {
    const guildId = request.guild_id;
    if (
      !this.ctx.world.guildIds().includes(guildId) ||
      shardForGuild(guildId, session.shardCount) !== session.shardId
    ) {
      this.ctx.logger.debug({ sessionId: session.id, guildId }, 'member request for a guild outside the shard');
      return;
    }
    const chunks = guildMembersChunks(this.ctx.world, request, {
      members: (session.intents & GatewayIntentBits.GuildMembers) !== 0,
      presences: (session.intents & GatewayIntentBits.GuildPresences) !== 0,
    });
    for (const chunk of chunks ?? []) session.dispatch('GUILD_MEMBERS_CHUNK', JSON.stringify(chunk));
  }

  /** Takes over a session, from whichever connection held it before. */
  private attach(session: GatewaySession): void {
    this.session = session;
    session.attach(this)?.sessionTakenOver();
  }

  private releaseSession(keep: boolean): void {
    const session = this.session;
    if (session === null) return;
    this.session = null;
    if (keep) this.ctx.sessions.suspend(session);
    else this.ctx.sessions.end(session);
  }
}
