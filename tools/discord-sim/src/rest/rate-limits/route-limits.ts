import { DiscordSnowflake } from '@sapphire/snowflake';
import { type BucketDefinition, OLD_MESSAGE_DELETE_BUCKET, type RouteKey } from './bucket-table.js';
import { isGlobalExempt, majorParameterNames } from './major-parameter.js';

/** What the limiter needs to know of a route, computed once when the route is registered. */
export interface LimitedRoute {
  key: RouteKey;
  /** The path template, e.g. `/channels/:channel_id/messages`. */
  template: string;
  /** The bucket the route belongs to by default. */
  bucketName: string;
  majorNames: readonly string[];
  globalExempt: boolean;
  /** Set on the single-message delete route, whose bucket depends on the message's age. */
  ageDependent: boolean;
}

const MESSAGE_DELETE: RouteKey = 'DELETE /channels/:channel_id/messages/:message_id';
const FOURTEEN_DAYS_MS = 14 * 24 * 60 * 60 * 1000;

/** Describes a route for the limiter; a route listed in no bucket gets a bucket named after its key. */
export function describeRoute(key: RouteKey, buckets: readonly BucketDefinition[]): LimitedRoute {
  const template = key.slice(key.indexOf(' ') + 1);
  const bucket = buckets.find((definition) => definition.routes.includes(key));
  return {
    key,
    template,
    bucketName: bucket?.name ?? key,
    majorNames: majorParameterNames(template),
    globalExempt: isGlobalExempt(template),
    ageDependent: key === MESSAGE_DELETE,
  };
}

/**
 * The bucket of one request. Deleting a message older than 14 days uses a bucket of its own, as Discord
 * does and as `@discordjs/rest` anticipates (it keys such deletes apart).
 */
export function bucketNameFor(route: LimitedRoute, params: Readonly<Record<string, string | undefined>>, now: number) {
  if (route.ageDependent) {
    const id = params.message_id;
    if (id && /^\d{1,20}$/.test(id) && now - DiscordSnowflake.timestampFrom(id) > FOURTEEN_DAYS_MS) {
      return OLD_MESSAGE_DELETE_BUCKET;
    }
  }
  return route.bucketName;
}
