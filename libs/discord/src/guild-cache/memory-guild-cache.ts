import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import type { GuildCacheChange } from './guild-cache-change.js';
import { guildCacheKeys } from './guild-cache-keys.js';
import { guildCacheChanges } from './guild-cache-reducer.js';
import type { GuildCacheSource } from './guild-cache-source.js';

/**
 * The guild cache's Redis layout held in memory, changed exactly as a writer changes Redis: what a test
 * reads through {@link GuildCacheReader} to check the reducer and the reader without a server.
 */
export class MemoryGuildCache implements GuildCacheSource {
  private readonly hashes = new Map<string, Map<string, string>>();
  private readonly index = new Set<string>();
  readonly keys;

  constructor(readonly prefix = 'discord:') {
    this.keys = guildCacheKeys(prefix);
  }

  applyDispatch(dispatch: GatewayDispatchPayload): void {
    for (const change of guildCacheChanges(dispatch)) this.apply(change);
  }

  apply(change: GuildCacheChange): void {
    switch (change.op) {
      case 'set': {
        const hash = this.hash(this.keys.hash(change.guildId, change.hash));
        for (const [field, value] of Object.entries(change.fields)) hash.set(field, value);
        return;
      }
      case 'merge': {
        const hash = this.hash(this.keys.hash(change.guildId, change.hash));
        hash.set(change.field, mergeJson(hash.get(change.field), change.value));
        return;
      }
      case 'delete': {
        const hash = this.hashes.get(this.keys.hash(change.guildId, change.hash));
        for (const field of change.fields) hash?.delete(field);
        return;
      }
      case 'increment': {
        const hash = this.hash(this.keys.hash(change.guildId, change.hash));
        hash.set(change.field, String(Number(hash.get(change.field) ?? 0) + change.by));
        return;
      }
      case 'clear':
        for (const key of this.keys.all(change.guildId)) this.hashes.delete(key);
        this.index.delete(change.guildId);
        return;
      case 'index':
        this.index.add(change.guildId);
        return;
      case 'drop-threads': {
        const threads = this.hashes.get(this.keys.hash(change.guildId, 'threads'));
        if (!threads) return;
        const parents = change.parentIds && new Set(change.parentIds);
        for (const [id, json] of threads) {
          if (parents && !parents.has((JSON.parse(json) as { parent_id?: string }).parent_id ?? '')) continue;
          threads.delete(id);
          this.hashes.get(this.keys.hash(change.guildId, 'last-messages'))?.delete(id);
          this.hashes.get(this.keys.hash(change.guildId, 'message-counts'))?.delete(id);
        }
        return;
      }
    }
  }

  async hGet(key: string, field: string) {
    return this.hashes.get(key)?.get(field);
  }

  async hmGet(key: string, fields: string[]) {
    const hash = this.hashes.get(key);
    return fields.map((field) => hash?.get(field));
  }

  async hGetAll(key: string) {
    return Object.fromEntries(this.hashes.get(key) ?? []);
  }

  async hKeys(key: string) {
    return [...(this.hashes.get(key)?.keys() ?? [])];
  }

  /** Pages by position, as HSCAN may: `cursor` is the index of the next entry. */
  async hScan(key: string, cursor: string, count: number) {
    const entries = [...(this.hashes.get(key) ?? [])];
    const from = Number(cursor);
    const next = from + count;
    return { cursor: next >= entries.length ? '0' : String(next), entries: entries.slice(from, next) };
  }

  async sMembers(key: string) {
    return key === this.keys.guilds ? [...this.index] : [];
  }

  private hash(key: string): Map<string, string> {
    let hash = this.hashes.get(key);
    if (!hash) {
      hash = new Map();
      this.hashes.set(key, hash);
    }
    return hash;
  }
}

/**
 * The JSON `update` over `stored`, keeping the stored object's scalar keys the update lacks; the writer's
 * Redis script does the same.
 */
export function mergeJson(stored: string | undefined, update: string): string {
  if (stored === undefined) return update;
  const next = JSON.parse(update) as Record<string, unknown>;
  for (const [key, value] of Object.entries(JSON.parse(stored) as Record<string, unknown>)) {
    if (!(key in next) && (value === null || typeof value !== 'object')) next[key] = value;
  }
  return JSON.stringify(next);
}
