import { createHash } from 'node:crypto';
import type { RedisClient } from '@platform/cache';
import { RELEASE_SCRIPT, RESERVE_SCRIPT, SETTLE_SCRIPT } from './redis-scripts.js';
import {
  DEFAULT_TIMING,
  type LimitAnswer,
  type Limiter,
  type LimiterTiming,
  type Reservation,
  type ReserveRequest,
  UNLIMITED_TTL_MS,
} from './types.js';

type Commands = Pick<RedisClient, 'eval' | 'evalSha' | 'set'>;

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The limiter every replica shares: each reservation and each answer is one atomic script in Redis. Throws
 * when Redis cannot answer (the caller falls back to a local share).
 */
export class RedisLimiter implements Limiter {
  private readonly commands: Commands;

  constructor(
    client: RedisClient,
    private readonly prefix: string,
    private readonly timing: LimiterTiming = DEFAULT_TIMING,
    commandTimeoutMs = 500,
  ) {
    this.commands = client.withCommandOptions({ timeout: commandTimeoutMs }) as unknown as Commands;
  }

  private async run(script: string, args: string[]): Promise<unknown> {
    try {
      return await this.commands.evalSha(sha1(script), { keys: [], arguments: args });
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return this.commands.eval(script, { keys: [], arguments: args });
      }
      throw error;
    }
  }

  async reserve(request: ReserveRequest): Promise<Reservation> {
    const reply = (await this.run(RESERVE_SCRIPT, [
      this.prefix,
      request.bot,
      request.route,
      request.majorParameter,
      String(request.globalLimit ?? 0),
      String(this.timing.globalWindowMs),
      request.id,
      String(this.timing.resetMarginMs),
      String(this.timing.probeMs),
      String(this.timing.probePollMs),
    ])) as [number, number | string, string?];
    if (reply[0] === -1) return { ok: false, locked: true };
    if (reply[0] === 0) {
      return { ok: false, locked: false, waitMs: Number(reply[1]), scope: reply[2] === 'global' ? 'global' : 'bucket' };
    }
    const globalRemaining = Number(reply[1]);
    return { ok: true, bucket: String(reply[2]), globalRemaining: globalRemaining < 0 ? null : globalRemaining };
  }

  async settle(request: ReserveRequest, bucket: string, answer: LimitAnswer): Promise<void> {
    await this.run(SETTLE_SCRIPT, [
      this.prefix,
      request.bot,
      request.route,
      request.majorParameter,
      bucket,
      answer.bucketHash ?? '',
      answer.limit === undefined ? '' : String(answer.limit),
      answer.remaining === undefined ? '' : String(answer.remaining),
      answer.resetAfterMs === undefined ? '' : String(answer.resetAfterMs),
      answer.retryAfterMs === undefined ? '' : String(answer.retryAfterMs),
      answer.scope ?? '',
      String(this.timing.resetMarginMs),
      String(UNLIMITED_TTL_MS),
      answer.sublimit ? '1' : '',
    ]);
  }

  async release(request: ReserveRequest, bucket: string): Promise<void> {
    await this.run(RELEASE_SCRIPT, [this.prefix, request.bot, bucket, request.majorParameter]);
  }

  async lockBot(bot: string): Promise<void> {
    await this.commands.set(`${this.prefix}lock:${bot}`, '1');
  }
}
