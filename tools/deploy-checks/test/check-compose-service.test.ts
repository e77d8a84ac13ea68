import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internalApiEnv, natsEnv, redisEnv, serviceEnv } from '@platform/service-kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkComposeService } from '../src/check-compose-service.js';
import { parseCompose } from '../src/compose-file.js';

const schema = z.object({
  ...serviceEnv({ name: 'worker', httpPort: 9000 }),
  ...natsEnv,
  ...redisEnv({ prefix: 'worker:' }),
  ...internalApiEnv,
});

/** A compose file of NATS, Redis and one worker whose environment is `environment` (YAML lines). */
function composeWith(environment: string, dependsOn = ['nats', 'redis'], env: Record<string, string> = {}) {
  return parseCompose(
    [
      'services:',
      '  nats: { image: nats }',
      '  redis: { image: redis }',
      '  worker:',
      '    image: worker',
      `    depends_on: { ${dependsOn.map((d) => `${d}: { condition: service_healthy }`).join(', ')} }`,
      '    environment:',
      ...environment
        .trim()
        .split('\n')
        .map((line) => `      ${line.trim()}`),
    ].join('\n'),
    env,
  );
}

const good = `
  HTTP_HOST: 0.0.0.0
  NODE_ENV: \${NODE_ENV:-development}
  NATS_URL: nats://nats:4222
  REDIS_URL: redis://redis:6379
`;

describe('checkComposeService', () => {
  it('accepts an environment the schema takes, with compose defaults resolved, and returns the config', () => {
    const { config, problems } = checkComposeService(composeWith(good), 'worker', schema);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ NODE_ENV: 'development', NATS_URL: 'nats://nats:4222', HTTP_PORT: 9000 });
  });

  it('refuses a value the schema refuses, naming the variable', () => {
    const { config, problems } = checkComposeService(
      composeWith(good.replace('redis://redis:6379', 'http://redis:6379')),
      'worker',
      schema,
    );
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.variable)).toEqual(['REDIS_URL']);
  });

  it('refuses the development secret once the host sets NODE_ENV=production', () => {
    const production = checkComposeService(composeWith(good, undefined, { NODE_ENV: 'production' }), 'worker', schema);
    expect(production.problems).toEqual([
      { variable: 'INTERNAL_API_TOKEN', reason: 'required when NODE_ENV=production' },
    ]);
  });

  it('refuses a variable the service does not read', () => {
    const { problems } = checkComposeService(composeWith(`${good}\nNATS_ULR: nats://nats:4222`), 'worker', schema);
    expect(problems).toEqual([{ variable: 'NATS_ULR', reason: 'not read by worker' }]);
  });

  it('refuses a default left pointing at localhost, which inside a container is the container', () => {
    const { problems } = checkComposeService(
      composeWith(good.replace('NATS_URL: nats://nats:4222', '')),
      'worker',
      schema,
    );
    expect(problems).toEqual([expect.objectContaining({ variable: 'NATS_URL' })]);
    expect(problems[0]?.reason).toMatch(/container itself \(127\.0\.0\.1\)/);
  });

  it('refuses a URL naming a compose service not depended on, or a host compose does not know', () => {
    const notDepended = checkComposeService(composeWith(good, ['nats']), 'worker', schema);
    expect(notDepended.problems).toEqual([
      { variable: 'REDIS_URL', reason: 'names redis, which worker does not depend on' },
    ]);
    const unknown = checkComposeService(composeWith(good.replace('redis://redis', 'redis://cache')), 'worker', schema);
    expect(unknown.problems).toEqual([{ variable: 'REDIS_URL', reason: 'names cache, which is no compose service' }]);
  });

  it('reports a missing compose service', () => {
    expect(checkComposeService(composeWith(good), 'absent', schema).problems).toEqual([
      { variable: '(service)', reason: 'no compose service absent' },
    ]);
  });

  it('reads a _FILE variable from the host file standing for it, only on a volume the service mounts', () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'check-compose-')), 'token');
    writeFileSync(secret, 'token-from-the-file\n');
    const withFile = (path: string, variable = 'INTERNAL_API_TOKEN_FILE') =>
      parseCompose(
        [
          'services:',
          '  worker:',
          '    image: worker',
          '    volumes: [secrets:/run/secrets:ro]',
          '    environment:',
          '      HTTP_HOST: 0.0.0.0',
          `      ${variable}: ${path}`,
          'volumes: { secrets: }',
        ].join('\n'),
        {},
      );
    const files = { '/run/secrets/token': secret, '/elsewhere/token': secret };
    // Only the file's problems: this worker leaves its URLs at their localhost defaults.
    const fileProblems = (check: { problems: { variable: string; reason: string }[] }) =>
      check.problems.filter((problem) => problem.variable.endsWith('_FILE'));
    const read = checkComposeService(withFile('/run/secrets/token'), 'worker', schema, files);
    expect(fileProblems(read)).toEqual([]);
    expect(read.config?.INTERNAL_API_TOKEN).toBe('token-from-the-file');
    expect(fileProblems(checkComposeService(withFile('/elsewhere/token'), 'worker', schema, files))).toEqual([
      { variable: 'INTERNAL_API_TOKEN_FILE', reason: '/elsewhere/token is on no volume worker mounts' },
    ]);
    expect(
      fileProblems(
        checkComposeService(withFile('/run/secrets/token', 'INTERNAL_API_TOKNE_FILE'), 'worker', schema, files),
      ),
    ).toEqual([{ variable: 'INTERNAL_API_TOKNE_FILE', reason: 'not read by worker' }]);
  });
});
