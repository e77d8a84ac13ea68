import { MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordRest, deferReply, editReply, followUp, replyError, showModal } from '../src/index.js';
import { startRecordingServer } from './recording-server.js';

const interaction = { id: '1100000000000000001', token: 'interaction-token', application_id: '1100000000000000002' };

describe('interaction replies', () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer();
  });
  afterAll(() => server.close());
  const rest = () => createDiscordRest({ apiUrl: server.apiUrl, token: 'bot-token' });

  it('defers on the callback route, ephemeral when asked, without the bot token', async () => {
    await deferReply(rest(), interaction, { ephemeral: true });
    const request = server.requests.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`/api/v10/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(request?.body).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(request?.headers.authorization).toBeUndefined();
  });

  it('edits the original response and sends follow-ups on the webhook routes', async () => {
    await editReply(rest(), interaction, { content: 'done' });
    expect(server.requests.at(-1)).toMatchObject({
      method: 'PATCH',
      url: `/api/v10/webhooks/${interaction.application_id}/${interaction.token}/messages/@original`,
      body: { content: 'done' },
    });
    await followUp(rest(), interaction, { content: 'more' });
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST',
      url: `/api/v10/webhooks/${interaction.application_id}/${interaction.token}`,
    });
  });

  it('sends errors only to the user who acted, before and after a deferral', async () => {
    await replyError(rest(), interaction, 'days must be between 1 and 365');
    expect(server.requests.at(-1)?.body).toMatchObject({
      type: 4,
      data: { content: 'days must be between 1 and 365', flags: MessageFlags.Ephemeral },
    });
    await replyError(rest(), interaction, 'export failed', { deferred: true });
    expect(server.requests.at(-1)).toMatchObject({
      url: `/api/v10/webhooks/${interaction.application_id}/${interaction.token}`,
      body: { content: 'export failed', flags: MessageFlags.Ephemeral },
    });
  });

  it('answers with a modal', async () => {
    await showModal(rest(), interaction, { custom_id: 'lending:form', title: 'Reserve', components: [] });
    expect(server.requests.at(-1)?.body).toMatchObject({ type: 9, data: { custom_id: 'lending:form' } });
  });
});
