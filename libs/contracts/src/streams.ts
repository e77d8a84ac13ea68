import type { BusNamespace } from './namespace.js';
import { createSubjects } from './subjects.js';

/** A JetStream stream as the platform defines it, independent of the client library. */
export interface StreamSpec {
  name: string;
  description: string;
  subjects: string[];
  /** `limits` keeps messages until age or size; `workqueue` removes each once acknowledged. */
  retention: 'limits' | 'workqueue';
  storage: 'file' | 'memory';
  /** 0 keeps messages regardless of age. */
  maxAgeMs: number;
  /** -1 for no limit. */
  maxBytes: number;
  /** Publishes with a message id seen within this window are dropped by the server. */
  duplicateWindowMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Tunables an operator may change per deployment. */
export interface StreamOptions {
  /** How long Discord events stay replayable; default 3 days. */
  eventRetentionMs?: number;
  /** Window inside which a republished event id is dropped; default 2 minutes. */
  duplicateWindowMs?: number;
  /** Byte cap of the events stream, -1 for none. */
  eventMaxBytes?: number;
  storage?: 'file' | 'memory';
}

/** Every stream of the platform, named and bound to subjects within one namespace. */
export function platformStreams(namespace: BusNamespace, options: StreamOptions = {}) {
  const subjects = createSubjects(namespace);
  const storage = options.storage ?? 'file';
  const duplicateWindowMs = options.duplicateWindowMs ?? 2 * MINUTE;
  return {
    /** Every gateway dispatch, interaction and shard lifecycle event. */
    discord: {
      name: namespace.resource('DISCORD'),
      description: 'Discord gateway events published by gateway-ingest',
      subjects: [namespace.subject('discord.>')],
      retention: 'limits',
      storage,
      maxAgeMs: options.eventRetentionMs ?? 3 * DAY,
      maxBytes: options.eventMaxBytes ?? -1,
      duplicateWindowMs,
    },
    /** Export jobs, each taken by one worker. */
    exportJobs: {
      name: namespace.resource('EXPORT_JOBS'),
      description: 'Export jobs awaiting a worker',
      subjects: [subjects.domainFilter('export', 'jobs')],
      retention: 'workqueue',
      storage,
      maxAgeMs: 7 * DAY,
      maxBytes: -1,
      duplicateWindowMs,
    },
    /** Message capture jobs of insights, each taken by one worker. */
    captureJobs: {
      name: namespace.resource('CAPTURE_JOBS'),
      description: 'Capture jobs awaiting a worker',
      subjects: [subjects.domainFilter('insights', 'jobs')],
      retention: 'workqueue',
      storage,
      maxAgeMs: 7 * DAY,
      maxBytes: -1,
      duplicateWindowMs,
    },
    /** Messages a consumer gave up on, with the reason and the original headers. */
    deadLetters: {
      name: namespace.resource('DEAD_LETTERS'),
      description: 'Messages that exhausted their deliveries, with the reason',
      subjects: [subjects.deadLetterFilter()],
      retention: 'limits',
      storage,
      maxAgeMs: 30 * DAY,
      maxBytes: -1,
      duplicateWindowMs,
    },
  } satisfies Record<string, StreamSpec>;
}

export type PlatformStreams = ReturnType<typeof platformStreams>;
