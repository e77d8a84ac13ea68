import { describe, expect, it } from 'vitest';
import {
  botIdFromToken,
  botTokenOf,
  bucketKey,
  describeRoute,
  digest,
  splitApiPath,
  sublimitRoute,
} from '../src/routes.js';

const NOW = Date.UTC(2026, 10, 22);
/** A snowflake made `ageMs` before NOW. */
function snowflakeAged(ageMs: number): string {
  return String((BigInt(NOW - ageMs) - 1_420_070_400_000n) << 22n);
}

describe('splitApiPath', () => {
  it('keeps the version for upstream and strips it for the template', () => {
    expect(splitApiPath('/api/v10/channels/1?limit=5')).toEqual({
      upstreamPath: '/v10/channels/1',
      path: '/channels/1',
    });
    expect(splitApiPath('/api/v9/users/@me')?.upstreamPath).toBe('/v9/users/@me');
    expect(splitApiPath('/api/users/@me')).toEqual({ upstreamPath: '/users/@me', path: '/users/@me' });
    expect(splitApiPath('/other')).toBeNull();
  });
});

describe('describeRoute', () => {
  const channel = '222222222222222222';
  const message = snowflakeAged(60_000);
  it('channels and guilds: ids become :id, the first is the major parameter', () => {
    const route = describeRoute('POST', `/api/v10/channels/${channel}/messages`, NOW);
    expect(route).toMatchObject({
      template: '/channels/:id/messages',
      bucketRoute: 'POST /channels/:id/messages',
      majorParameter: `channels:${channel}`,
      globalExempt: false,
      interactionCallback: false,
    });
    expect(describeRoute('GET', `/api/v10/guilds/${channel}/members/333333333333333333`, NOW)).toMatchObject({
      template: '/guilds/:id/members/:id',
      majorParameter: `guilds:${channel}`,
    });
    expect(describeRoute('GET', '/api/v10/users/@me', NOW)).toMatchObject({
      template: '/users/@me',
      majorParameter: 'global',
    });
  });

  it('webhooks: id and token form the major parameter, the token never shows', () => {
    const token = 'a'.repeat(68);
    const route = describeRoute('POST', `/api/v10/webhooks/${channel}/${token}?wait=true`, NOW);
    expect(route).toMatchObject({
      template: '/webhooks/:id/:token',
      majorParameter: `webhooks:${channel}:${digest(token)}`,
      globalExempt: true,
      webhookTokenRoute: true,
      webhookItself: true,
    });
    expect(`${route?.template} ${route?.bucketRoute} ${route?.majorParameter}`).not.toContain(token);
    const message = describeRoute('PATCH', `/api/v10/webhooks/${channel}/${token}/messages/@original`, NOW);
    expect(message).toMatchObject({ template: '/webhooks/:id/:token/messages/@original', webhookItself: false });
    expect(describeRoute('GET', `/api/v10/webhooks/${channel}`, NOW)).toMatchObject({
      template: '/webhooks/:id',
      majorParameter: `webhooks:${channel}`,
      globalExempt: false,
    });
  });

  it('interaction callbacks: exempt from the global limit, limited per interaction', () => {
    const route = describeRoute('POST', `/api/v10/interactions/${channel}/aW50ZXJhY3Rpb246MTIz/callback`, NOW);
    expect(route).toMatchObject({
      template: '/interactions/:id/:token/callback',
      majorParameter: `interactions:${channel}`,
      globalExempt: true,
      interactionCallback: true,
    });
  });

  it('reactions collapse the emoji and the user', () => {
    const base = `/api/v10/channels/${channel}/messages/${message}/reactions`;
    const own = describeRoute('PUT', `${base}/%F0%9F%91%8D/@me`, NOW);
    const other = describeRoute('DELETE', `${base}/name:123456789012345678/444444444444444444`, NOW);
    expect(own?.template).toBe('/channels/:id/messages/:id/reactions/:reaction');
    expect(other?.template).toBe('/channels/:id/messages/:id/reactions/:reaction');
  });

  it('deletes of messages older than 14 days have a bucket of their own', () => {
    const young = describeRoute('DELETE', `/api/v10/channels/${channel}/messages/${message}`, NOW);
    const old = describeRoute('DELETE', `/api/v10/channels/${channel}/messages/${snowflakeAged(15 * 86_400_000)}`, NOW);
    expect(young?.bucketRoute).toBe('DELETE /channels/:id/messages/:id');
    expect(old?.bucketRoute).toBe('DELETE /channels/:id/messages/:id (old)');
    expect(old?.template).toBe(young?.template);
  });

  it('channel name and topic edits have a sublimit route of their own', () => {
    const route = describeRoute('PATCH', `/api/v10/channels/${channel}`, NOW);
    if (!route) throw new Error('unreachable');
    expect(sublimitRoute(route, Buffer.from('{"name":"x"}'))).toBe('PATCH /channels/:id (name/topic)');
    expect(sublimitRoute(route, Buffer.from('{"topic":"x"}'))).toBe('PATCH /channels/:id (name/topic)');
    expect(sublimitRoute(route, Buffer.from('{"nsfw":true}'))).toBe('PATCH /channels/:id');
    expect(sublimitRoute(route, null)).toBe('PATCH /channels/:id');
  });

  it('codes are not labels', () => {
    expect(describeRoute('GET', '/api/v10/invites/abcDEF', NOW)?.template).toBe('/invites/:code');
  });
});

describe('tokens', () => {
  const id = '123456789012345678';
  const token = `${Buffer.from(id).toString('base64').replace(/=+$/, '')}.GhIjKl.secretpart`;
  it('the bot id is the base64 first part', () => {
    expect(botIdFromToken(token)).toBe(id);
    expect(botIdFromToken('not-a-token')).toBeNull();
  });
  it('only Bot authorization carries a bot token', () => {
    expect(botTokenOf(`Bot ${token}`)).toBe(token);
    expect(botTokenOf(`Bearer ${token}`)).toBeNull();
    expect(botTokenOf(undefined)).toBeNull();
  });
  it('bucket keys hold the bot id, the bucket and the major parameter', () => {
    expect(bucketKey(id, 'abc', 'channels:1')).toBe(`${id}|abc|channels:1`);
  });
});
