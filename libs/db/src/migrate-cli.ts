#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { migrate } from './migrate.js';

const usage = 'usage: platform-migrate --schema <name> --dir <migrations dir>   (DATABASE_URL from the environment)';

/** Runs one service's migrations from the command line; exits 1 with a reason on failure. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { schema: { type: 'string' }, dir: { type: 'string' } } });
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!values.schema || !values.dir) throw new Error(usage);
  const logger = pino({ name: 'platform-migrate' });
  const applied = await migrate({ databaseUrl, schema: values.schema, dir: values.dir, logger });
  if (applied.length === 0) logger.info({ schema: values.schema }, 'migrations up to date');
}

main().catch((error: unknown) => {
  process.stderr.write(`platform-migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
