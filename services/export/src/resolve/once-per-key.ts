/**
 * Loads each key once and gives every caller the same promise. A failed load is not kept, so a later call
 * (the next page, another channel of the run) tries again. What has loaded can be read without waiting.
 */
export class OncePerKey<V> {
  readonly #loads = new Map<string, Promise<V>>();
  readonly #loaded = new Map<string, V>();

  constructor(private readonly load: (key: string) => Promise<V>) {}

  get(key: string): Promise<V> {
    let loading = this.#loads.get(key);
    if (!loading) {
      loading = this.load(key).then((value) => {
        this.#loaded.set(key, value);
        return value;
      });
      this.#loads.set(key, loading);
      loading.catch(() => this.#loads.delete(key));
    }
    return loading;
  }

  /** Loads every key not loaded yet, all at once. */
  async getAll(keys: Iterable<string>): Promise<void> {
    await Promise.all(Array.from(keys, (key) => this.get(key)));
  }

  /** A value loaded before; undefined when not loaded (yet). */
  loaded(key: string): V | undefined {
    return this.#loaded.get(key);
  }
}
