import { readFileSync, writeFileSync } from 'node:fs';
import { GCProfiler } from 'node:v8';

/** The memory a child process of the export benchmark used while it worked, in bytes. */
export interface MemoryPeak {
  /** Resident set size when the measured work began (the runtime, tsx, the modules, and what the work was handed). */
  startRssBytes: number;
  /** The kernel's high-water mark of the resident set over the measured work: exact, not sampled. */
  peakRssBytes: number;
  /**
   * The most V8 heap still in use right after a full (mark-compact) collection during the work: what
   * the work held on to, without the garbage waiting to be collected that inflates the resident peak.
   * Null when the work was too short for V8 to run one.
   */
  peakLiveHeapBytes: number | null;
}

/**
 * Linux keeps a process's peak resident set (VmHWM) and resets it when "5" is written to
 * /proc/self/clear_refs, so the peak can cover the measured work alone rather than the process's
 * life (loading, or reading a channel into memory before rendering it).
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRssSinceReset(): number | undefined {
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

/** Follows a process's own memory from its construction to `stop()`: the kernel's resident peak and V8's live heap. */
export class MemoryWatch {
  readonly #startRss = process.memoryUsage.rss();
  readonly #peakSinceStart = resetPeakRss();
  readonly #collections = new GCProfiler();

  constructor() {
    this.#collections.start();
  }

  stop(): MemoryPeak {
    const { statistics } = this.#collections.stop();
    const live = statistics
      .filter((gc) => gc.gcType === 'MarkSweepCompact')
      .map((gc) => gc.afterGC.heapStatistics.usedHeapSize);
    // Without the reset (not Linux), the peak of the process's whole life (ru_maxrss, in KiB).
    const peak = (this.#peakSinceStart && peakRssSinceReset()) || process.resourceUsage().maxRSS * 1024;
    return {
      startRssBytes: this.#startRss,
      // The resident set was at least its start size when the work began, whatever it shrank to.
      peakRssBytes: Math.max(peak, this.#startRss, process.memoryUsage.rss()),
      peakLiveHeapBytes: live.length > 0 ? Math.max(...live) : null,
    };
  }
}

/** One measured piece of work of a benchmark child: how long it took and the memory it peaked at. */
export interface MeasuredRun {
  messages: number;
  ms: number;
  messagesPerSecond: number;
  memory: MemoryPeak;
}

/** Runs `work` from a collected heap, timed and with its memory followed. */
export async function measureRun<T extends { messages: number }>(work: () => Promise<T>): Promise<T & MeasuredRun> {
  globalThis.gc?.();
  const memory = new MemoryWatch();
  const started = performance.now();
  const done = await work();
  const ms = performance.now() - started;
  return { ...done, ms, messagesPerSecond: (done.messages * 1000) / ms, memory: memory.stop() };
}

/** A child's answer: its result as one JSON line on stdout, then exit once it is written. */
export function answerAndExit(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
