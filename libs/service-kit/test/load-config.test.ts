import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '@platform/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  DEV_INTERNAL_API_TOKEN,
  discordApiEnv,
  envBoolean,
  envDuration,
  envInt,
  internalApiEnv,
  loadConfig,
  natsEnv,
  postgresEnv,
  redisEnv,
  serviceEnv,
} from '../src/index.js';
import { fixturePath } from './fixtures/fixture-path.js';

const schema = z.object({
  ...serviceEnv({ name: 'stats', httpPort: 3001 }),
  ...natsEnv,
  ...postgresEnv({ schema: 'stats' }),
  ...redisEnv({ prefix: 'stats:' }),
  ...internalApiEnv,
  ...discordApiEnv,
});

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs with no configuration: every common variable has a localhost default', () => {
    expect(loadConfig(schema, {})).toEqual({
      SERVICE_NAME: 'stats',
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3001,
      SHUTDOWN_TIMEOUT: 20_000,
      NATS_URL: 'nats://127.0.0.1:4222',
      BUS_NAMESPACE: '',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      DB_SCHEMA: 'stats',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'stats:',
      INTERNAL_API_TOKEN: DEV_INTERNAL_API_TOKEN,
      DISCORD_API_URL: 'http://127.0.0.1:8080/api',
    });
  });

  it('reads and coerces what is set, and treats an empty variable as unset', () => {
    const config = loadConfig(schema, {
      HTTP_PORT: ' 8080 ',
      SHUTDOWN_TIMEOUT: '5s',
      BUS_NAMESPACE: 'ci_1',
      DB_SCHEMA: '',
    });
    expect(config).toMatchObject({
      HTTP_PORT: 8080,
      SHUTDOWN_TIMEOUT: 5000,
      BUS_NAMESPACE: 'ci_1',
      DB_SCHEMA: 'stats',
    });
  });

  it('names a missing required variable', () => {
    const error = problemsOf(() => loadConfig(z.object({ GUILD_ID: z.string() }), {}));
    expect(error.problems).toEqual([{ variable: 'GUILD_ID', reason: 'required, not set' }]);
    expect(error.message).toContain('GUILD_ID: required, not set');
  });

  it('names every bad variable at once, with what was expected and what was given', () => {
    const error = problemsOf(() =>
      loadConfig(schema, { HTTP_PORT: 'abc', NATS_URL: 'not a url', LOG_LEVEL: 'verbose', DB_SCHEMA: 'Bad-Name' }),
    );
    expect(error.problems.map((problem) => problem.variable)).toEqual([
      'LOG_LEVEL',
      'HTTP_PORT',
      'NATS_URL',
      'DB_SCHEMA',
    ]);
    expect(error.message).toContain('HTTP_PORT: expected an integer, got "abc"');
    expect(error.message).toContain('NATS_URL: expected a URL starting with nats://');
    expect(error.message).toContain('got "verbose"');
  });

  it('never shows the value of a secret variable, nor a password inside a URL', () => {
    const error = problemsOf(() =>
      loadConfig(schema, {
        INTERNAL_API_TOKEN: 'sekrit-short',
        DATABASE_URL: 'mysql://app:hunter2hunter2@db:3306/app',
      }),
    );
    expect(error.message).toMatch(/INTERNAL_API_TOKEN: expected at least 16 characters/);
    expect(error.message).toMatch(/DATABASE_URL: expected a URL starting with postgres:\/\//);
    expect(error.message).not.toContain('sekrit-short');
    expect(error.message).not.toContain('hunter2');
  });

  it('requires INTERNAL_API_TOKEN in production, and refuses the development default there', () => {
    expect(problemsOf(() => loadConfig(schema, { NODE_ENV: 'production' })).problems).toEqual([
      { variable: 'INTERNAL_API_TOKEN', reason: 'required when NODE_ENV=production' },
    ]);
    const reused = problemsOf(() =>
      loadConfig(schema, { NODE_ENV: 'production', INTERNAL_API_TOKEN: DEV_INTERNAL_API_TOKEN }),
    );
    expect(reused.message).toContain('INTERNAL_API_TOKEN: must not be the development default');
    const token = 'a-real-token-of-enough-length';
    expect(loadConfig(schema, { NODE_ENV: 'production', INTERNAL_API_TOKEN: token }).INTERNAL_API_TOKEN).toBe(token);
  });

  it('reads a variable from the file its _FILE names, unless the variable itself is set', () => {
    const tokenFile = join(mkdtempSync(join(tmpdir(), 'load-config-')), 'token');
    writeFileSync(tokenFile, 'from-the-file-of-a-secret\n');
    const fromFile = loadConfig(schema, { INTERNAL_API_TOKEN_FILE: tokenFile });
    expect(fromFile.INTERNAL_API_TOKEN).toBe('from-the-file-of-a-secret');
    const own = loadConfig(schema, { INTERNAL_API_TOKEN: 'set-directly-wins', INTERNAL_API_TOKEN_FILE: tokenFile });
    expect(own.INTERNAL_API_TOKEN).toBe('set-directly-wins');
    const missing = problemsOf(() => loadConfig(schema, { INTERNAL_API_TOKEN_FILE: `${tokenFile}.gone` }));
    expect(missing.problems).toEqual([
      { variable: 'INTERNAL_API_TOKEN_FILE', reason: `cannot read ${tokenFile}.gone (ENOENT)` },
    ]);
  });

  it('refuses a misspelt NODE_ENV rather than running as development', () => {
    expect(problemsOf(() => loadConfig(schema, { NODE_ENV: 'prod' })).problems[0]?.variable).toBe('NODE_ENV');
  });
});

describe('env values', () => {
  const read = <T>(value: z.ZodType<T>, raw: string): T => loadConfig(z.object({ V: value }), { V: raw }).V;

  it('reads booleans from true/false/1/0 only', () => {
    expect([read(envBoolean, 'true'), read(envBoolean, 'FALSE'), read(envBoolean, '1'), read(envBoolean, '0')]).toEqual(
      [true, false, true, false],
    );
    expect(problemsOf(() => read(envBoolean, 'yes')).message).toContain('V: expected true, false, 1 or 0, got "yes"');
  });

  it('reads durations with units into milliseconds', () => {
    expect(['250', '250ms', '1.5s', '2m', '1h'].map((raw) => read(envDuration, raw))).toEqual([
      250, 250, 1500, 120_000, 3_600_000,
    ]);
    expect(problemsOf(() => read(envDuration, 'soon')).message).toContain('expected a duration');
  });

  it('reads integers within bounds', () => {
    const workers = envInt({ min: 1, max: 64 });
    expect(read(workers, '8')).toBe(8);
    expect(problemsOf(() => read(workers, '0')).message).toContain('V: expected at least 1, got "0"');
    expect(problemsOf(() => read(workers, '2.5')).message).toContain('V: expected an integer, got "2.5"');
  });
});

describe('configOrExit', () => {
  it('prints every problem without secret values and exits 1', async () => {
    const fixture = runScript(fixturePath('config-or-exit'), {
      NODE_ENV: 'production',
      HTTP_PORT: 'abc',
      NATS_URL: 'localhost',
      INTERNAL_API_TOKEN: 'sekrit-short',
    });
    expect(await fixture.exited).toBe(1);
    expect(fixture.stderr()).toContain('HTTP_PORT: expected an integer, got "abc"');
    expect(fixture.stderr()).toContain('NATS_URL: expected a URL starting with nats://');
    expect(fixture.stderr()).toContain('INTERNAL_API_TOKEN: expected at least 16 characters');
    expect(fixture.stderr()).not.toContain('sekrit-short');
  });

  it('returns the config when it is valid', async () => {
    const fixture = runScript(fixturePath('config-or-exit'), { HTTP_PORT: '4000' });
    expect(await fixture.exited).toBe(0);
    expect(fixture.lines).toEqual([{ msg: 'configured', port: 4000 }]);
  });
});
