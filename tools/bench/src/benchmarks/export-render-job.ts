import type { ApiTarget } from './export-job.js';
import type { MemoryPeak } from './export-memory.js';

/** The two HTML renderers compared on the same messages. */
export type Renderer = 'ours' | 'discord-html-transcripts';
export const RENDERERS: readonly Renderer[] = ['ours', 'discord-html-transcripts'];

/** What a render process does (argv is one as JSON): read the whole channel into memory, then render it to `outPath`. */
export interface RenderJob {
  renderer: Renderer;
  target: ApiTarget;
  outPath: string;
}

export interface RenderResult {
  renderer: Renderer;
  messages: number;
  /** Rendering alone, from the messages in memory to the file on disk. */
  ms: number;
  messagesPerSecond: number;
  bytes: number;
  /** `startRssBytes` is taken once the messages are in memory (after a GC), just before rendering. */
  memory: MemoryPeak;
}
