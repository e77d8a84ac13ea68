import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type CacheKeys, cacheKeys } from './cache-keys.js';
import { type CacheMetrics, cacheMetrics } from './cache-metrics.js';
import { BEGIN_SCRIPT, FINISH_SCRIPT, INVALIDATE_SCRIPT, RELEASE_SCRIPT } from './cache-scripts.js';
import type { RedisClient, RedisConnection } from './redis-connection.js';

/** Coordination of loads across replicas through a short Redis lock. */
export interface SingleFlightOptions {
  /** Lifetime of a load lock, which bounds how long a crashed holder can block others; defaults to 10 s. */
  lockTtlMs?: number;
  /** How long other replicas wait for the holder's value before loading themselves; defaults to 3 s. */
  waitMs?: number;
  /** How often they look for it meanwhile; defaults to 25 ms. */
  pollMs?: number;
}

export interface CacheAsideOptions {
  redis: Pick<RedisConnection, 'client' | 'key'>;
  /** Names the cache in metrics (label `cache`) and in its keys: lower-case letters, digits, '_' and '-'. */
  name: string;
  /** Defaults to on; `false` keeps single-flight within this process only. */
  singleFlight?: SingleFlightOptions | false;
  /** Longest wait for any Redis command before the cache is bypassed; defaults to 1 s. */
  commandTimeoutMs?: number;
  registry?: Registry;
  /** Told once when Redis becomes unavailable to the cache and once when it is back. */
  logger?: Logger;
}

export interface GetOptions {
  /** Lifetime of the stored value. */
  ttlSeconds: number;
  /** Tags of the value, for `invalidateTags`. */
  tags?: readonly string[];
}

interface InFlight {
  readonly tags: readonly string[];
  readonly promise: Promise<unknown>;
}

/** One get that missed in this process, with everything needed to load and store it. */
interface Miss<T> {
  readonly key: string;
  readonly load: () => Promise<T>;
  readonly ttlSeconds: number;
  readonly tags: readonly string[];
  /** Invalidation counters of the key and of each tag. */
  readonly versionKeys: readonly string[];
}

interface BeginReply {
  /** The stored JSON on a hit. */
  readonly value: string | undefined;
  readonly lock: number;
  /** Invalidation versions of the key and its tags, read before loading. */
  readonly versions: readonly string[];
}

const LOCK_TAKEN = 1;
const LOCK_HELD_ELSEWHERE = 0;
// Must outlast the slowest load: a load that began before an invalidation finds the bumped version when it stores.
const VERSION_TTL_SECONDS = 3600;
const NAME = /^[a-z0-9_-]+$/;

/**
 * Cache-aside over Redis: `get` returns the stored value or runs `load` once, stores its JSON for `ttlSeconds`
 * and returns it. Concurrent misses of a key share one load in this process and, through a Redis lock, across
 * replicas. A load that throws is not stored and its error reaches every caller waiting on it. When Redis is
 * unavailable, `get` loads directly: it never fails because of Redis.
 *
 * Values go through JSON: they must be serialisable, and come back as plain data (a Date as its ISO string).
 * `undefined` is returned but not stored.
 */
export class CacheAside {
  readonly name: string;
  readonly #client: RedisClient;
  readonly #commands: RedisClient;
  readonly #keys: CacheKeys;
  readonly #metrics: CacheMetrics;
  readonly #logger: Logger | undefined;
  readonly #singleFlight: Required<SingleFlightOptions> | undefined;
  readonly #inFlight = new Map<string, InFlight>();
  #unavailable = false;

  constructor(options: CacheAsideOptions) {
    if (!NAME.test(options.name)) {
      throw new TypeError(`cache name ${JSON.stringify(options.name)} must be lower-case letters, digits, '_' and '-'`);
    }
    this.name = options.name;
    this.#client = options.redis.client;
    this.#commands = options.redis.client.withCommandOptions({ timeout: options.commandTimeoutMs ?? 1000 });
    this.#keys = cacheKeys(options.redis.key('cache', options.name));
    this.#metrics = cacheMetrics(options.registry);
    this.#logger = options.logger;
    this.#singleFlight =
      options.singleFlight === false
        ? undefined
        : { lockTtlMs: 10_000, waitMs: 3_000, pollMs: 25, ...options.singleFlight };
  }

  /** The value of `key`: from Redis when present, otherwise from `load`, which then runs once for all concurrent callers. */
  async get<T>(key: string, load: () => Promise<T>, options: GetOptions): Promise<T> {
    if (!(Number.isFinite(options.ttlSeconds) && options.ttlSeconds > 0)) {
      throw new TypeError(`ttlSeconds must be a positive number, got ${options.ttlSeconds}`);
    }
    const running = this.#inFlight.get(key);
    if (running) {
      this.#metrics.coalesced.inc({ cache: this.name, scope: 'process' });
      return running.promise as Promise<T>;
    }
    const tags = options.tags ?? [];
    const versionKeys = [this.#keys.keyVersion(key), ...tags.map((tag) => this.#keys.tagVersion(tag))];
    const promise = this.#resolve({ key, load, ttlSeconds: Math.ceil(options.ttlSeconds), tags, versionKeys });
    const entry: InFlight = { tags, promise };
    this.#inFlight.set(key, entry);
    const forget = () => {
      if (this.#inFlight.get(key) === entry) this.#inFlight.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Removes keys, so the next get loads afresh; a load already running for them will not store its value. False when Redis was unavailable. */
  async invalidate(...keys: string[]): Promise<boolean> {
    for (const key of keys) this.#inFlight.delete(key);
    return this.#invalidate(
      keys.flatMap((key) => [this.#keys.value(key), this.#keys.keyVersion(key)]),
      false,
    );
  }

  /** Removes every key stored with any of the tags, in every replica's view. False when Redis was unavailable. */
  async invalidateTags(...tags: string[]): Promise<boolean> {
    for (const [key, entry] of this.#inFlight) {
      if (entry.tags.some((tag) => tags.includes(tag))) this.#inFlight.delete(key);
    }
    return this.#invalidate(
      tags.flatMap((tag) => [this.#keys.tag(tag), this.#keys.tagVersion(tag)]),
      true,
    );
  }

  async #resolve<T>(miss: Miss<T>): Promise<T> {
    const { load } = miss;
    const token = randomUUID();
    const begin = () => this.#begin(miss, token);

    let state: BeginReply;
    try {
      state = await begin();
    } catch (error) {
      return this.#bypass(load, error);
    }
    if (state.value !== undefined) {
      this.#metrics.hits.inc({ cache: this.name });
      return JSON.parse(state.value) as T;
    }
    this.#metrics.misses.inc({ cache: this.name });

    if (state.lock === LOCK_HELD_ELSEWHERE && this.#singleFlight) {
      const deadline = Date.now() + this.#singleFlight.waitMs;
      while (state.lock === LOCK_HELD_ELSEWHERE && Date.now() < deadline) {
        await sleep(this.#singleFlight.pollMs);
        try {
          state = await begin();
        } catch (error) {
          return this.#bypass(load, error);
        }
        if (state.value !== undefined) {
          this.#metrics.coalesced.inc({ cache: this.name, scope: 'replica' });
          return JSON.parse(state.value) as T;
        }
        // Lock taken now means the holder finished without storing (its load failed or was invalidated): load here.
      }
      if (state.lock === LOCK_HELD_ELSEWHERE) {
        this.#metrics.lockWaitTimeouts.inc({ cache: this.name });
      }
    }
    return this.#loadAndStore(miss, state.versions, state.lock === LOCK_TAKEN ? token : '');
  }

  async #begin(miss: Miss<unknown>, token: string): Promise<BeginReply> {
    if (!this.#client.isReady) throw new Error('redis is not connected');
    const reply = (await this.#commands.eval(BEGIN_SCRIPT, {
      keys: [this.#keys.value(miss.key), this.#keys.lock(miss.key), ...miss.versionKeys],
      arguments: [token, String(this.#singleFlight?.lockTtlMs ?? 0)],
    })) as Array<string | number | null>;
    this.#available();
    const [value, lock, ...versions] = reply;
    return { value: typeof value === 'string' ? value : undefined, lock: Number(lock), versions: versions.map(String) };
  }

  /** Loads, then stores unless invalidated meanwhile; `token` is the lock to release, '' when this get holds none. */
  async #loadAndStore<T>(miss: Miss<T>, versions: readonly string[], token: string): Promise<T> {
    let value: T;
    let json: string | undefined;
    try {
      value = await this.#timedLoad(miss.load);
      json = JSON.stringify(value);
    } catch (error) {
      if (token) this.#release(miss.key, token);
      throw error;
    }
    if (json === undefined) {
      if (token) this.#release(miss.key, token);
      return value;
    }
    try {
      const stored = await this.#commands.eval(FINISH_SCRIPT, {
        keys: [
          this.#keys.value(miss.key),
          this.#keys.lock(miss.key),
          ...miss.tags.map((tag) => this.#keys.tag(tag)),
          ...miss.versionKeys,
        ],
        arguments: [json, String(miss.ttlSeconds), token, String(miss.tags.length), ...versions],
      });
      if (stored === 0) this.#metrics.staleStoresSkipped.inc({ cache: this.name });
      this.#available();
    } catch (error) {
      this.#unavailableNow(error);
    }
    return value;
  }

  async #timedLoad<T>(load: () => Promise<T>): Promise<T> {
    const stop = this.#metrics.loadDuration.startTimer({ cache: this.name });
    try {
      return await load();
    } catch (error) {
      this.#metrics.loadErrors.inc({ cache: this.name });
      throw error;
    } finally {
      stop();
    }
  }

  #bypass<T>(load: () => Promise<T>, cause: unknown): Promise<T> {
    this.#metrics.bypasses.inc({ cache: this.name });
    this.#unavailableNow(cause);
    return this.#timedLoad(load);
  }

  /** Frees the lock early so waiting replicas can take over; if this fails, the lock's TTL frees it. */
  #release(key: string, token: string): void {
    this.#commands
      .eval(RELEASE_SCRIPT, { keys: [this.#keys.lock(key)], arguments: [token] })
      .catch((error: unknown) => this.#unavailableNow(error));
  }

  async #invalidate(keys: string[], tags: boolean): Promise<boolean> {
    if (keys.length === 0) return true;
    try {
      if (!this.#client.isReady) throw new Error('redis is not connected');
      await this.#commands.eval(INVALIDATE_SCRIPT, {
        keys,
        arguments: [String(VERSION_TTL_SECONDS), tags ? '1' : '0'],
      });
      this.#available();
      return true;
    } catch (error) {
      this.#unavailableNow(error);
      return false;
    }
  }

  #unavailableNow(cause: unknown): void {
    if (this.#unavailable) return;
    this.#unavailable = true;
    this.#logger?.warn({ err: cause, cache: this.name }, 'redis unavailable: cache bypassed, loading directly');
  }

  #available(): void {
    if (!this.#unavailable) return;
    this.#unavailable = false;
    this.#logger?.info({ cache: this.name }, 'redis available again: cache in use');
  }
}
