import {
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { StreamSpec } from '@platform/contracts';
import { StreamSetupError } from './errors.js';

/** JetStream's error code for "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;

export function streamConfig(spec: StreamSpec): Partial<StreamConfig> & { name: string } {
  return {
    name: spec.name,
    description: spec.description,
    subjects: spec.subjects,
    retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: spec.storage === 'memory' ? StorageType.Memory : StorageType.File,
    max_age: nanos(spec.maxAgeMs),
    max_bytes: spec.maxBytes,
    duplicate_window: nanos(spec.duplicateWindowMs),
  };
}

/**
 * Creates the stream, or updates it when its configuration differs from `spec`. Safe to run
 * at every start and from many replicas at once: JetStream accepts a create whose configuration
 * equals the existing one, and two identical updates leave the same result.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<StreamInfo> {
  const config = streamConfig(spec);
  try {
    return await jsm.streams.add(config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === STREAM_NAME_IN_USE)) {
      throw new StreamSetupError(spec.name, error);
    }
  }
  try {
    return await jsm.streams.update(spec.name, config);
  } catch (error) {
    // Storage and retention cannot change in place; the message says which field refused.
    throw new StreamSetupError(spec.name, error);
  }
}
