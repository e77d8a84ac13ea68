import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../src/index.js';

// Shaped like real credentials, but made up.
const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789';
const WEBHOOK_TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDp3ZWJob29rLXRva2Vu';
const INTERNAL_TOKEN = 'internal-api-token-value';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ service: 'stats', level: 'debug', destination: { write: (line) => lines.push(line) } });
  return { logger, output: () => lines.join(''), records: () => lines.map((line) => JSON.parse(line)) };
}

describe('createLogger', () => {
  it('writes JSON lines with the service, level and message', () => {
    const { logger, records } = capture();
    logger.info({ guildId: '42' }, 'member joined');
    expect(records()).toEqual([
      expect.objectContaining({ service: 'stats', level: 'info', guildId: '42', msg: 'member joined' }),
    ]);
  });

  it('censors secret fields, at the top and nested', () => {
    const { logger, output } = capture();
    logger.info(
      {
        token: BOT_TOKEN,
        config: { INTERNAL_API_TOKEN: INTERNAL_TOKEN },
        bot: { credentials: { botToken: 'short1' } },
      },
      'configured',
    );
    expect(output()).not.toContain(BOT_TOKEN);
    expect(output()).not.toContain(INTERNAL_TOKEN);
    expect(output()).not.toContain('short1');
    expect(output()).toContain('configured');
  });

  it('censors authorization headers, whatever the scheme', () => {
    const { logger, output } = capture();
    logger.info({ req: { method: 'GET', headers: { authorization: `Bot ${BOT_TOKEN}` } } }, 'proxied');
    logger.info({ headers: { authorization: `Bearer ${INTERNAL_TOKEN}`, 'x-request-id': 'r-1' } }, 'called');
    expect(output()).not.toContain(BOT_TOKEN);
    expect(output()).not.toContain(INTERNAL_TOKEN);
    expect(output()).toContain('r-1');
  });

  it('scrubs tokens out of message strings', () => {
    const { logger, output } = capture();
    logger.warn(`login failed for ${BOT_TOKEN}; retrying with header Bearer ${INTERNAL_TOKEN}`);
    expect(output()).not.toContain(BOT_TOKEN);
    expect(output()).not.toContain(INTERNAL_TOKEN);
    expect(output()).toContain('login failed for [redacted]; retrying with header Bearer [redacted]');
  });

  it("scrubs tokens out of an error's message and stack", () => {
    const { logger, records, output } = capture();
    logger.error({ err: new Error(`Discord refused token ${BOT_TOKEN}`) }, 'gateway login failed');
    expect(output()).not.toContain(BOT_TOKEN);
    const [record] = records();
    expect(record.err.message).toBe('Discord refused token [redacted]');
    expect(record.err.stack).toContain('Discord refused token [redacted]');
    expect(record.err.stack).toContain('logger.test.ts');
  });

  it('scrubs webhook and interaction tokens out of URLs, keeping the ids', () => {
    const { logger, output } = capture();
    logger.info({ url: `https://discord.com/api/v10/webhooks/111/${WEBHOOK_TOKEN}/messages/@original` }, 'edited');
    logger.info(`POST /api/v10/interactions/222/${WEBHOOK_TOKEN}/callback answered 204`);
    expect(output()).not.toContain(WEBHOOK_TOKEN);
    expect(output()).toContain('/webhooks/111/[redacted]/messages/@original');
    expect(output()).toContain('/interactions/222/[redacted]/callback answered 204');
  });

  it('leaves ordinary text alone', () => {
    const { logger, output } = capture();
    logger.info({ channelId: '123456789012345678' }, 'Bot ready: 3 shards, token bucket refilled');
    expect(output()).toContain('Bot ready: 3 shards, token bucket refilled');
    expect(output()).toContain('123456789012345678');
  });
});

describe('scrubSecrets', () => {
  it('hides the password of a connection string but not its host', () => {
    expect(scrubSecrets('connect postgres://app:hunter2@db:5432/app failed')).toBe(
      'connect postgres://app:[redacted]@db:5432/app failed',
    );
  });
});
