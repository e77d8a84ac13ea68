import type { APIUser, UserFlags } from 'discord-api-types/v10';
import { Draws, kindOf } from './random.js';
import { DISCORD_EPOCH, snowflake, snowflakeMs } from './snowflake.js';
import { ADJECTIVES, NOUNS } from './vocabulary.js';

const USER = kindOf('user');
const DAY = 86_400_000;
const NO_FLAGS = 0 as UserFlags;

/**
 * The global pool of users, each computed from its index. Account creation times grow with the
 * index, so ids do too: a range of indices is a range of ids, which is what makes member paging
 * O(limit) and an id-to-index lookup O(1).
 */
export class UserPool {
  private readonly firstMs = DISCORD_EPOCH + DAY;
  private readonly stepMs: number;
  private readonly cache = new Map<number, APIUser>();

  constructor(
    private readonly seed: number,
    readonly size: number,
    /** Accounts are all created before this time. */
    createdBeforeMs: number,
    private readonly botShare: number,
  ) {
    this.stepMs = Math.floor((createdBeforeMs - this.firstMs) / size);
    if (this.stepMs < 1)
      throw new Error(`the user pool of ${size} does not fit before ${new Date(createdBeforeMs).toISOString()}`);
  }

  /** Id of the user at `index` (0 ≤ index < size). */
  id(index: number): string {
    return snowflake(this.firstMs + index * this.stepMs, new Draws(this.seed, USER, index).next() & 0x3fffff);
  }

  createdMs(index: number): number {
    return this.firstMs + index * this.stepMs;
  }

  /** Index of a pool user by id, or -1. */
  indexOf(id: string): number {
    if (!/^\d{1,20}$/.test(id)) return -1;
    const offset = snowflakeMs(id) - this.firstMs;
    if (offset < 0 || offset % this.stepMs !== 0) return -1;
    const index = offset / this.stepMs;
    return index < this.size && this.id(index) === id ? index : -1;
  }

  /** First index whose id is greater than `id` (size when none): where a page `after` it starts. */
  indexAfter(id: string): number {
    const offset = snowflakeMs(id) - this.firstMs;
    if (offset < 0) return 0;
    let index = Math.floor(offset / this.stepMs);
    if (index >= this.size) return this.size;
    if (BigInt(this.id(index)) <= BigInt(id)) index++;
    return index;
  }

  /**
   * The user at `index`. Authors repeat (a few write most), so recent users are kept in a small
   * cache; callers get a copy, so the cache cannot be changed through them.
   */
  user(index: number): APIUser {
    let user = this.cache.get(index);
    if (!user) {
      if (this.cache.size >= 4096) this.cache.clear();
      user = this.generate(index);
      this.cache.set(index, user);
    }
    return { ...user };
  }

  /** Whether the user at `index` is a bot account, without building the user. */
  isBot(index: number): boolean {
    return this.identity(index).bot;
  }

  /** The first draws of a user, in the order {@link generate} makes them. */
  private identity(index: number) {
    const d = new Draws(this.seed, USER, index);
    d.next(); // the draw that made the id's low bits
    const adjective = d.pick(ADJECTIVES);
    const noun = d.pick(NOUNS);
    const bot = d.chance(this.botShare);
    return { d, adjective, noun, bot };
  }

  private generate(index: number): APIUser {
    const { d, adjective, noun, bot } = this.identity(index);
    const displayed = d.chance(0.7);
    const avatar = d.chance(0.85) ? (d.chance(0.05) ? 'a_' : '') + d.hex(32) : null;
    const name = bot ? `${noun}bot${index}` : `${adjective}${noun}${index}`;
    const user: APIUser = {
      id: this.id(index),
      username: name,
      discriminator: bot ? String(1000 + (index % 9000)) : '0',
      global_name: !bot && displayed ? `${capital(adjective)} ${capital(noun)}` : null,
      avatar,
      public_flags: NO_FLAGS,
      flags: NO_FLAGS,
      primary_guild: null,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
    };
    if (bot) user.bot = true;
    return user;
  }
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
