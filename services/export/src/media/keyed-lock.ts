/**
 * Runs tasks one at a time per key and at once across keys: the asset downloader holds the lock of a
 * file path while it checks for and downloads the file, so two channels exported in parallel never
 * fetch the same file at the same moment.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Whether some task holds or waits for `key`. */
  isHeld(key: string): boolean {
    return this.#tails.has(key);
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => done) : done;
    this.#tails.set(key, tail);
    try {
      await previous;
      return await task();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
