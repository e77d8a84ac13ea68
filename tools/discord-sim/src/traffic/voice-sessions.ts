import { ChannelType, type GatewayVoiceState, PermissionFlagsBits as P } from 'discord-api-types/v10';
import { Draws, kindOf } from '../world/random.js';
import { exponential } from './arrivals.js';
import type { ScheduledTask } from './scheduler.js';
import type { TrafficContext } from './traffic-context.js';

const VOICE = kindOf('traffic-voice');
type Flag = 'self_mute' | 'self_deaf' | 'self_stream' | 'self_video';
const FLAGS: readonly Flag[] = ['self_mute', 'self_deaf', 'self_stream', 'self_video'];

/** How virtual members behave in voice. */
export interface VoiceBehaviour {
  /** Mean time connected; durations are exponential, clipped to [minSessionMs, 8 h]. */
  meanSessionMs: number;
  minSessionMs: number;
  /** Chance that a session moves once to another channel (sometimes the AFK channel). */
  moveChance: number;
  /** Mean number of mute, deafen, stream and video toggles per session. */
  meanToggles: number;
}

export const DEFAULT_VOICE_BEHAVIOUR: VoiceBehaviour = {
  meanSessionMs: 15 * 60_000,
  minSessionMs: 30_000,
  moveChance: 0.3,
  meanToggles: 2,
};

const MAX_SESSION_MS = 8 * 3_600_000;
const AFK_MOVE_SHARE = 0.2;

interface Session {
  guildId: string;
  userId: string;
  flags: Record<Flag, boolean>;
  tasks: ScheduledTask[];
}

/**
 * Voice sessions of virtual members: join a channel, maybe move, toggle mute, deafen, stream and video,
 * and leave after a while. Every session the engine opens it closes, at the latest when it stops, so the
 * ground truth's voice time always adds up.
 */
export class VoiceSessions {
  private readonly draws: Draws;
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ctx: TrafficContext,
    seed: number,
    private readonly behaviour: VoiceBehaviour,
  ) {
    this.draws = new Draws(seed, VOICE);
  }

  /** Sessions open now. */
  get open(): number {
    return this.sessions.size;
  }

  join(): void {
    const { ctx, draws } = this;
    const guildId = ctx.pickGuild(draws.float());
    if (guildId === undefined) {
      ctx.skip('voice join', 'no guild');
      return;
    }
    const { rooms } = this.rooms(guildId);
    if (rooms.length === 0) {
      ctx.skip('voice join', 'no voice channel');
      return;
    }
    const userId = this.pickIdle(guildId);
    if (userId === undefined) {
      ctx.skip('voice join', 'no member out of voice found');
      return;
    }
    const key = `${guildId}:${userId}`;
    const channelId = this.pickRoom(rooms, userId);
    if (channelId === undefined) {
      ctx.skip('voice join', 'no voice channel the member may connect to');
      return;
    }
    if (!ctx.attempt('voice join', () => ctx.world.voiceJoin(guildId, userId, channelId))) return;
    ctx.stats.voiceJoins++;
    const session: Session = {
      guildId,
      userId,
      flags: { self_mute: false, self_deaf: false, self_stream: false, self_video: false },
      tasks: [],
    };
    this.sessions.set(key, session);
    this.plan(session, key);
  }

  /** Ends a member's session at once (they left the guild, or traffic stops). */
  end(guildId: string, userId: string): void {
    const key = `${guildId}:${userId}`;
    if (!this.sessions.has(key)) return;
    this.forget(guildId, userId);
    if (this.ctx.attempt('voice leave', () => this.ctx.world.voiceLeave(guildId, userId))) this.ctx.stats.voiceLeaves++;
  }

  /** Drops a session that ended without the engine (the member left the guild, or was disconnected). */
  forget(guildId: string, userId: string): void {
    const key = `${guildId}:${userId}`;
    for (const task of this.sessions.get(key)?.tasks ?? []) task.cancel();
    this.sessions.delete(key);
  }

  endAll(): void {
    for (const session of [...this.sessions.values()]) this.end(session.guildId, session.userId);
  }

  private plan(session: Session, key: string): void {
    const { draws, behaviour, ctx } = this;
    const duration = Math.min(
      MAX_SESSION_MS,
      Math.max(behaviour.minSessionMs, exponential(draws.float(), behaviour.meanSessionMs)),
    );
    const within = () => Math.floor(draws.float() * duration);
    const later = (delayMs: number, run: () => void) => session.tasks.push(ctx.scheduler.after(delayMs, run));
    if (draws.chance(behaviour.moveChance)) later(within(), () => this.move(session));
    const toggles = Math.floor(exponential(draws.float(), behaviour.meanToggles));
    for (let i = 0; i < toggles; i++) later(within(), () => this.toggle(session));
    later(duration, () => {
      if (this.sessions.get(key) === session) this.end(session.guildId, session.userId);
    });
  }

  private move(session: Session): void {
    const { ctx, draws } = this;
    const { rooms, afk } = this.rooms(session.guildId);
    const current = this.state(session.guildId, session.userId)?.channel_id;
    const others = rooms.filter((id) => id !== current);
    const toAfk = afk !== undefined && afk !== current && (others.length === 0 || draws.chance(AFK_MOVE_SHARE));
    const target = toAfk ? afk : this.pickRoom(others, session.userId);
    if (target === undefined || target === current) {
      ctx.skip('voice move', 'nowhere else to go');
      return;
    }
    if (ctx.attempt('voice move', () => ctx.world.voiceJoin(session.guildId, session.userId, target)))
      ctx.stats.voiceMoves++;
  }

  private toggle(session: Session): void {
    const flag = this.draws.pick(FLAGS);
    session.flags[flag] = !session.flags[flag];
    const change = { [flag]: session.flags[flag] };
    if (this.ctx.attempt('voice toggle', () => this.ctx.world.voiceUpdate(session.guildId, session.userId, change)))
      this.ctx.stats.voiceToggles++;
  }

  /** The guild's voice and stage channels other than the AFK channel, and the AFK channel. */
  private rooms(guildId: string): { rooms: string[]; afk: string | undefined } {
    const afk = this.ctx.world.guild(guildId)?.afk_channel_id ?? undefined;
    const rooms = this.ctx.world
      .channels(guildId)
      .filter((c) => (c.type === ChannelType.GuildVoice || c.type === ChannelType.GuildStageVoice) && c.id !== afk)
      .map((c) => c.id);
    return { rooms, afk };
  }

  private pickRoom(rooms: readonly string[], userId: string): string | undefined {
    const allowed = rooms.filter(
      (id) => (this.ctx.world.permissionsFor(id, userId) & (P.ViewChannel | P.Connect)) === (P.ViewChannel | P.Connect),
    );
    return allowed.length === 0 ? undefined : this.draws.pick(allowed);
  }

  /** An active member who is not in voice yet, if a few draws find one. */
  private pickIdle(guildId: string): string | undefined {
    const inVoice = new Set(this.ctx.world.voiceStates(guildId).map((s) => s.user_id));
    for (let tries = 0; tries < 8; tries++) {
      const userId = this.ctx.roster(guildId).pickActive(this.draws.float());
      if (userId !== undefined && !inVoice.has(userId)) return userId;
    }
    return undefined;
  }

  private state(guildId: string, userId: string): GatewayVoiceState | undefined {
    return this.ctx.world.voiceStates(guildId).find((s) => s.user_id === userId);
  }
}
