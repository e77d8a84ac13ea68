import type pg from 'pg';

/**
 * Takes the write lock of each guild for the rest of the transaction, in id order so two writers never
 * wait on each other in a cycle. Every write to a guild's statistics holds it: ingest batches (so voice
 * timelines and create/delete pairs are read and written by one writer at a time) and opt-outs (so no
 * batch that read the settings before an opt-out commits the user's rows after it). The key includes
 * the schema, since advisory locks are shared by the whole database.
 */
export async function lockGuilds(client: pg.ClientBase, guildIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(guildIds)].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  if (ids.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':guild:' || id, 0))
       FROM unnest($1::text[]) WITH ORDINALITY AS g(id, n) ORDER BY n`,
    [ids],
  );
}
