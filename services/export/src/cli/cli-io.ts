/** What the CLI reads and writes besides files: given by the bin, replaced in tests. */
export interface CliIo {
  /** Results: listings and the summary. */
  out(text: string): void;
  /** Progress, warnings and errors. */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal, where progress bars are drawn; elsewhere each channel gets a line. */
  interactive: boolean;
  /** The stream progress bars are drawn on. */
  progressStream?: NodeJS.WriteStream;
  /** Aborted on Ctrl+C: exports stop at the next message and keep their checkpoint. */
  signal?: AbortSignal;
}

/** The process's own streams and environment. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    interactive: process.stderr.isTTY === true,
    progressStream: process.stderr,
    ...(signal ? { signal } : {}),
  };
}
