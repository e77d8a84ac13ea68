/** A benchmark the CLI can run: `npm run bench -- <name> [flags]`. */
export interface Benchmark {
  /** One line for `npm run bench -- --help`. */
  description: string;
  /** Parses its own flags, runs, prints its table and writes its JSON. */
  run(args: string[]): Promise<void>;
}
