import { resolve } from 'node:path';
import { z } from 'zod';
import type { ExportChannelRequest } from './export-request.js';

/**
 * Everything that decides what an export's files hold, as data: a checkpoint or cursor written
 * under one identity must not be continued under another, or the files would mix two exports.
 */
export const exportIdentitySchema = z.object({
  guildId: z.string(),
  channelId: z.string(),
  outputs: z.array(z.object({ format: z.string(), path: z.string() })),
  bounds: z.object({ after: z.string().nullable(), before: z.string().nullable() }),
  filter: z.string().nullable(),
  partition: z.unknown(),
  reverse: z.boolean(),
  options: z.object({ locale: z.string(), utc: z.boolean(), markdown: z.boolean() }),
  incremental: z.enum(['partition', 'append']).nullable(),
});

export type ExportIdentity = z.output<typeof exportIdentitySchema>;

/** The identity of a request; paths are made absolute so `./out` and `out` are the same target. */
export function exportIdentity(request: ExportChannelRequest): ExportIdentity {
  const { locale, utc, markdown } = request.options;
  return {
    guildId: request.source.guild.id,
    channelId: request.source.channel.id,
    outputs: request.outputs.map(({ format, path }) => ({ format, path: resolve(path) })),
    bounds: { after: request.bounds?.after ?? null, before: request.bounds?.before ?? null },
    filter: request.filter ?? null,
    partition: request.partition ?? null,
    reverse: request.reverse ?? false,
    options: { locale, utc, markdown },
    incremental: request.incremental ?? null,
  };
}

const FIELD_NAMES: Record<keyof ExportIdentity, string> = {
  guildId: 'guild',
  channelId: 'channel',
  outputs: 'formats or output paths',
  bounds: 'after/before bounds',
  filter: 'filter',
  partition: 'partition limit',
  reverse: 'reverse order',
  options: 'locale, utc or markdown options',
  incremental: 'incremental mode',
};

/** The fields, named for a person, in which two identities differ; none when they are the same. */
export function identityDifferences(stored: ExportIdentity, requested: ExportIdentity): string[] {
  return (Object.keys(FIELD_NAMES) as (keyof ExportIdentity)[])
    .filter((key) => JSON.stringify(stored[key]) !== JSON.stringify(requested[key]))
    .map((key) => FIELD_NAMES[key]);
}
