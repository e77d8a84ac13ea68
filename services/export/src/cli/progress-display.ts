import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io.js';

/** One channel's line of progress. */
export interface ChannelProgress {
  /** `fraction` of the channel's range fetched (0 to 1, by time as DCE reports it), `messages` kept. */
  update(fraction: number, messages: number): void;
  /** The channel's full name, once it is known (`Category / channel`). */
  rename(label: string): void;
  /** The channel is finished; `line` says how it ended. */
  done(line: string): void;
}

/**
 * A progress bar per channel on a terminal, as DCE draws them; with `hideCompleted` (DCE hides
 * finished bars when channels run in parallel, #1124) a finished bar is removed. Elsewhere (a
 * pipe, a log) no bars are drawn, and each channel gets one line when it ends.
 */
export class ProgressDisplay {
  readonly #bars: MultiBar | undefined;

  constructor(
    private readonly io: CliIo,
    private readonly hideCompleted: boolean,
  ) {
    this.#bars =
      io.interactive && io.progressStream
        ? new MultiBar(
            {
              stream: io.progressStream,
              format: ' {bar} {percentage}% | {label} | {messages} message(s)',
              hideCursor: true,
              autopadding: true,
              clearOnComplete: false,
            },
            Presets.shades_classic,
          )
        : undefined;
  }

  start(label: string): ChannelProgress {
    const bars = this.#bars;
    if (!bars) return { update: () => undefined, rename: () => undefined, done: (line) => this.io.err(`${line}\n`) };
    const bar: SingleBar = bars.create(100, 0, { label, messages: 0 });
    return {
      update: (fraction, messages) => bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * 100), { messages }),
      rename: (name) => bar.update({ label: name }),
      done: (line) => {
        bar.update(100);
        if (this.hideCompleted) bars.remove(bar);
        bars.log(`${line}\n`);
      },
    };
  }

  /** Ends the drawing; the summary comes after it. */
  stop(): void {
    this.#bars?.stop();
  }
}
