import { ChannelType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSlashCommand } from './support/interactions.js';
import { OpenApiValidator } from './support/openapi-validator.js';
import { type Answer, type Call, type Harness, startRest } from './support/rest-harness.js';
import { tinyWithStaffChannel } from './support/scenarios.js';

interface Exchange {
  method: string;
  path: string;
  requestBody: unknown;
  answer: Answer;
}

const validator = new OpenApiValidator();

/**
 * The one place the simulator follows Discord over its OpenAPI description: field errors of a 50035
 * carry string codes (`BASE_TYPE_REQUIRED`, …), as Discord sends and documents them, while the spec types
 * `_errors[].code` as an integer. The check validates everything else of such a body and asserts that
 * each replaced code really is one of Discord's string codes.
 */
function withNumericFieldCodes(body: unknown, replaced: string[]): unknown {
  if (Array.isArray(body)) return body.map((item) => withNumericFieldCodes(item, replaced));
  if (typeof body !== 'object' || body === null) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      if (key !== '_errors' || !Array.isArray(value)) return [key, withNumericFieldCodes(value, replaced)];
      return [
        key,
        value.map((error: { code: unknown; message: unknown }) => {
          if (typeof error.code !== 'string') return error;
          replaced.push(error.code);
          return { ...error, code: 0 };
        }),
      ];
    }),
  );
}
/**
 * Operations Discord serves but its description leaves out: `GET /users/@me/channels` answers a bot an
 * empty list and was taken out of the documentation (discord-api-docs #2770); test/rest/user-list-routes.test.ts
 * checks it.
 */
const UNDESCRIBED = new Set(['GET /users/@me/channels']);

const exchanges: Exchange[] = [];
let h: Harness;

/** Calls the simulator and keeps the exchange for validation. */
async function call(method: string, path: string, request: Call = {}): Promise<Answer> {
  const answer = await h.call(method, path, request);
  const payload = request.form?.get('payload_json');
  const requestBody = typeof payload === 'string' ? JSON.parse(payload) : request.body;
  exchanges.push({ method, path, requestBody, answer });
  return answer;
}

function json(body: unknown): FormData {
  const form = new FormData();
  form.append('payload_json', JSON.stringify(body));
  return form;
}

/** Walks every operation the simulator implements, with happy paths and Discord's usual errors. */
async function tour() {
  const { world, bot } = h;
  const guildId = world.guildIds()[0] as string;
  const channels = world.channels(guildId);
  const byName = (name: string) => channels.find((channel) => channel.name === name)?.id as string;
  const general = byName('general');
  const staff = byName('staff');
  const someone = world.members(guildId, { limit: 5 }).find((member) => !member.user.bot)?.user.id as string;
  const appId = bot.application.id;

  await call('GET', '/users/@me');
  await call('GET', `/users/${someone}`);
  await call('POST', '/users/@me/channels', { body: { recipient_id: someone } });
  await call('GET', '/users/@me/guilds');
  await call('GET', '/users/@me/guilds?after=0&limit=1&with_counts=true');
  await call('GET', '/applications/@me');
  await call('GET', '/gateway', { token: null });
  await call('GET', '/gateway/bot');

  for (const base of [`/applications/${appId}/commands`, `/applications/${appId}/guilds/${guildId}/commands`]) {
    const put = await call('PUT', base, {
      body: [
        { name: 'ping', description: 'Replies with pong' },
        {
          name: 'lend',
          description: 'Lends equipment',
          options: [{ type: 3, name: 'item', description: 'What to lend', required: true }],
        },
        { name: 'Report message', type: 3 },
      ],
    });
    const [first] = put.body as { id: string }[];
    await call('GET', base);
    await call('POST', base, { body: { name: 'stats', description: 'Shows statistics' } });
    await call('GET', `${base}/${first?.id}`);
    await call('PATCH', `${base}/${first?.id}`, { body: { description: 'Replies with pong, quickly' } });
    await call('DELETE', `${base}/${first?.id}`);
  }

  await call('GET', `/guilds/${guildId}`);
  await call('GET', `/guilds/${guildId}/channels`);
  await call('GET', `/guilds/${guildId}/roles`);
  await call('GET', `/guilds/${guildId}/members?limit=10`);
  await call('GET', `/guilds/${guildId}/members/search?query=a&limit=10`);
  await call('GET', `/guilds/${guildId}/members/${someone}`);
  await call('GET', `/guilds/${guildId}/threads/active`);

  await call('GET', `/channels/${general}`);
  const forum = channels.find((channel) => channel.type === ChannelType.GuildForum)?.id as string;
  await call('GET', `/channels/${forum}/threads/archived/public?limit=10`);
  await call('GET', `/channels/${general}/threads/archived/private`);

  const page = (await call('GET', `/channels/${general}/messages?limit=10`)).body as { id: string }[];
  const middle = page[5]?.id as string;
  await call('GET', `/channels/${general}/messages?before=${middle}&limit=3`);
  await call('GET', `/channels/${general}/messages?after=${middle}&limit=3`);
  await call('GET', `/channels/${general}/messages?around=${middle}&limit=3`);
  await call('GET', `/channels/${general}/messages/${middle}`);
  const created = (await call('POST', `/channels/${general}/messages`, {
    body: { content: 'Hello from the tour', embeds: [{ title: 'Tour', description: 'An embed' }], tts: false },
  })) as Answer & { body: { id: string } };
  const upload = json({ content: 'with a file', attachments: [{ id: '0', description: 'a note' }] });
  upload.append('files[0]', new Blob(['hello file'], { type: 'text/plain' }), 'note.txt');
  await call('POST', `/channels/${general}/messages`, { form: upload });
  await call('PATCH', `/channels/${general}/messages/${created.body.id}`, { body: { content: 'Edited by the tour' } });
  await call('POST', `/channels/${general}/typing`);

  await call('PUT', `/channels/${general}/messages/pins/${created.body.id}`);
  await call('GET', `/channels/${general}/messages/pins`);
  await call('GET', `/channels/${general}/pins`);
  await call('DELETE', `/channels/${general}/messages/pins/${created.body.id}`);
  await call('PUT', `/channels/${general}/pins/${created.body.id}`);
  await call('DELETE', `/channels/${general}/pins/${created.body.id}`);

  const emoji = encodeURIComponent('👍');
  const reactions = `/channels/${general}/messages/${created.body.id}/reactions/${emoji}`;
  await call('PUT', `${reactions}/@me`);
  await call('GET', reactions);
  await call('DELETE', `${reactions}/@me`);
  await call('DELETE', `${reactions}/${bot.user.id}`);

  const doomed = await Promise.all(
    [1, 2].map(
      async (n) => (await h.call('POST', `/channels/${general}/messages`, { body: { content: `bulk ${n}` } })).body,
    ),
  );
  await call('POST', `/channels/${general}/messages/bulk-delete`, {
    body: { messages: doomed.map((message) => (message as { id: string }).id) },
  });
  await call('DELETE', `/channels/${general}/messages/${created.body.id}`);

  const command = useSlashCommand(world, bot, guildId, general);
  await call('POST', `/interactions/${command.id}/${command.token}/callback?with_response=true`, {
    token: null,
    body: { type: 4, data: { content: 'Pong!' } },
  });
  const webhook = `/webhooks/${appId}/${command.token}`;
  await call('GET', `${webhook}/messages/@original`, { token: null });
  await call('PATCH', `${webhook}/messages/@original`, { token: null, body: { content: 'Pong, edited' } });
  const followUp = (await call('POST', webhook, { token: null, body: { content: 'A follow-up' } })).body as {
    id: string;
  };
  await call('GET', `${webhook}/messages/${followUp.id}`, { token: null });
  await call('PATCH', `${webhook}/messages/${followUp.id}`, { token: null, body: { content: 'Follow-up, edited' } });
  await call('DELETE', `${webhook}/messages/${followUp.id}`, { token: null });
  await call('DELETE', `${webhook}/messages/@original`, { token: null });
  const deferred = useSlashCommand(world, bot, guildId, general);
  const callbackWithFile = json({ type: 4, data: { content: 'Here is a file', attachments: [{ id: '0' }] } });
  callbackWithFile.append('files[0]', new Blob(['report'], { type: 'text/plain' }), 'report.txt');
  await call('POST', `/interactions/${deferred.id}/${deferred.token}/callback`, {
    token: null,
    form: callbackWithFile,
  });

  // Errors: each must have Discord's error shape.
  await call('GET', '/channels/1');
  await call('GET', `/channels/${general}/messages/1`);
  await call('GET', `/channels/${staff}/messages`);
  await call('GET', '/users/@me', { token: 'not-a-token' });
  await call('POST', `/channels/${general}/messages`, { body: { content: 'x'.repeat(2001) } });
  await call('POST', `/channels/${general}/messages`, { body: {} });
  await call('GET', `/channels/${general}/messages?limit=101`);
  await call('POST', `/interactions/${command.id}/${command.token}/callback`, { token: null, body: { type: 4 } });
  h.server.limiter.setBucketLimit('typing', { limit: 1, windowMs: 60_000 });
  await call('POST', `/channels/${byName('random')}/typing`);
  await call('POST', `/channels/${byName('random')}/typing`);
}

beforeAll(async () => {
  // Loose limits so the tour is never limited, except where it asks for a 429.
  h = await startRest({
    scenario: tinyWithStaffChannel,
    limits: { globalPerSecond: 10_000, overrides: { '*': { limit: 1000, windowMs: 1000 } } },
  });
  await tour();
});

afterAll(async () => {
  await h.close();
});

describe('OpenAPI conformance', () => {
  it('maps every implemented operation to an operation of the spec', () => {
    const mapped = h.server.routes
      .filter((route) => !UNDESCRIBED.has(route))
      .map((route) => {
        const [method, template] = route.split(' ') as [string, string];
        return { route, operationId: validator.matchTemplate(method, template)?.operationId };
      });
    console.info(
      `Implemented operations:\n${mapped.map((m) => `  ${m.operationId ?? '(none)'} ← ${m.route}`).join('\n')}`,
    );
    expect(mapped.filter((m) => m.operationId === undefined)).toEqual([]);
  });

  it('exercises every implemented operation with a successful answer', () => {
    const succeeded = new Set<string>();
    for (const exchange of exchanges) {
      const operation = validator.match(exchange.method, exchange.path.split('?')[0] as string);
      if (operation && exchange.answer.status < 300) succeeded.add(operation.operationId);
    }
    const missing = h.server.routes
      .filter((route) => !UNDESCRIBED.has(route))
      .map((route) => {
        const [method, template] = route.split(' ') as [string, string];
        return validator.matchTemplate(method, template)?.operationId;
      })
      .filter((operationId) => operationId && !succeeded.has(operationId));
    expect(missing).toEqual([]);
  });

  it('sends responses and accepts requests that validate against the spec', () => {
    const failures: string[] = [];
    for (const { method, path, requestBody, answer } of exchanges) {
      const operation = validator.match(method, path.split('?')[0] as string);
      if (!operation) {
        failures.push(`${method} ${path}: no operation in the spec`);
        continue;
      }
      const label = `${method} ${path} → ${answer.status} (${operation.operationId})`;
      const replaced: string[] = [];
      const body =
        (answer.body as { code?: number })?.code === 50035 ? withNumericFieldCodes(answer.body, replaced) : answer.body;
      for (const code of replaced) if (!/^[A-Z0-9_]+$/.test(code)) failures.push(`${label}: field code ${code}`);
      const response = validator.validateResponse(operation, answer.status, body);
      if (!response.ok) failures.push(`${label} response: ${JSON.stringify(response.errors.slice(0, 5), null, 1)}`);
      if (answer.status < 300 && requestBody !== undefined) {
        const request = validator.validateRequest(operation, requestBody);
        if (!request.ok) failures.push(`${label} request: ${JSON.stringify(request.errors.slice(0, 5), null, 1)}`);
      }
    }
    expect(failures.join('\n\n')).toBe('');
    expect(exchanges.length).toBeGreaterThan(60);
  });

  it('sends the rate-limit headers the spec describes on every answer of an identified caller', () => {
    const headers = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reset-after'];
    const missing = exchanges
      .filter(({ answer }) => answer.status !== 401)
      .filter(({ answer }) => [...headers, 'x-ratelimit-bucket'].some((name) => !answer.headers.has(name)))
      .map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
    for (const { answer } of exchanges.filter((e) => e.answer.status !== 401)) {
      for (const name of headers) expect(Number(answer.headers.get(name))).not.toBeNaN();
    }
  });

  it('answers the expected errors along the way', () => {
    const errors = exchanges
      .filter((e) => e.answer.status >= 400)
      .map((e) => `${e.answer.status} ${(e.answer.body as { code?: number }).code}`);
    expect(errors).toEqual([
      '404 10003',
      '404 10008',
      '403 50001',
      '401 0',
      '400 50035',
      '400 50006',
      '400 50035',
      '400 40060',
      '429 0',
    ]);
  });
});
