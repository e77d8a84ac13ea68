import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { BusNamespace } from '@platform/contracts';

/** The three KV buckets replicas coordinate through; names carry the bus namespace. */
export interface Coordination {
  /** `shard.<id>` → owner replica id, and `replica.<id>` presence; entries expire after the lease TTL. */
  leases: KV;
  /** `shard.<id>` → the session to resume (no TTL: Discord decides when a session is over). */
  sessions: KV;
  /** `bucket.<rate limit key>` → last identify of that bucket, expiring after twice the window. */
  identify: KV;
}

export interface CoordinationOptions {
  leaseTtlMs: number;
  identifyWindowMs: number;
}

export async function openCoordination(
  nc: NatsConnection,
  namespace: BusNamespace,
  options: CoordinationOptions,
): Promise<Coordination> {
  const kvm = new Kvm(nc);
  const [leases, sessions, identify] = await Promise.all([
    kvm.create(namespace.resource('GATEWAY_LEASES'), { history: 1, ttl: options.leaseTtlMs }),
    kvm.create(namespace.resource('GATEWAY_SESSIONS'), { history: 1 }),
    kvm.create(namespace.resource('GATEWAY_IDENTIFY'), {
      history: 1,
      ttl: Math.max(2 * options.identifyWindowMs, 1000),
    }),
  ]);
  return { leases, sessions, identify };
}

export const shardKey = (shard: number) => `shard.${shard}`;
export const replicaKey = (replica: string) => `replica.${replica}`;

/** A replica id becomes one KV key token. */
export function kvToken(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '_');
}
