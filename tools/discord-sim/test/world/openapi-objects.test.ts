import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ChannelType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';

const spec = JSON.parse(
  readFileSync(new URL('../../../../../shared/discord-api-spec/openapi.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
for (const format of ['int32', 'int64', 'double', 'nonce', 'snowflake']) ajv.addFormat(format, true);
ajv.addSchema(spec, 'openapi.json');

/** Validates objects against a component schema of Discord's OpenAPI description; returns the errors. */
function invalid(component: string, objects: unknown[]): string[] {
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${component}`);
  if (!validate) throw new Error(`no schema ${component}`);
  return objects.flatMap((o, i) =>
    validate(o)
      ? []
      : (validate.errors ?? []).map(
          (e) => `${component}[${i}]${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
        ),
  );
}

describe("generated objects match Discord's OpenAPI schemas", () => {
  const f = fixture('demo');

  it('has a validator that rejects what Discord would not send', () => {
    expect(invalid('MessageResponse', [{ id: '1' }]).length).toBeGreaterThan(0);
    const [member] = f.world.members(f.guildId, { limit: 1 });
    expect(invalid('GuildMemberResponse', [{ ...member, roles: 'x' }]).length).toBeGreaterThan(0);
  });

  const general = f.channel('general').id;
  const bot = f.world.bots[0]?.user.id ?? '';

  it('messages of every kind', () => {
    const messages = [];
    for (let before: string | undefined; messages.length < 3000; ) {
      const page = f.world.messages(general, before ? { before, limit: 100 } : { limit: 100 });
      if (page.length === 0) break;
      messages.push(...page);
      before = page.at(-1)?.id;
    }
    const target = messages[3];
    messages.push(
      f.world.createMessage(general, bot, {
        content: `hi <@${target?.author.id}>`,
        embeds: [{ title: 'x', description: 'y' }],
        message_reference: { message_id: target?.id ?? '' },
        files: [{ name: 'a.txt', contentType: 'text/plain', bytes: new Uint8Array([65]) }],
        nonce: 'abc',
      }),
    );
    for (const forum of f.world.activeThreads(f.guildId)) messages.push(...f.world.messages(forum.id, { limit: 10 }));
    messages.push(...f.world.pins(general));
    expect(invalid('MessageResponse', messages)).toEqual([]);
  });

  it('members, users and roles', () => {
    const members = f.world.members(f.guildId, { limit: 1000 });
    expect(invalid('GuildMemberResponse', members)).toEqual([]);
    expect(
      invalid(
        'UserResponse',
        members.map((m) => m.user),
      ),
    ).toEqual([]);
    expect(invalid('GuildRoleResponse', f.world.roles(f.guildId))).toEqual([]);
  });

  it('guilds, channels, threads and DMs', () => {
    for (const guildId of f.world.guildIds()) {
      expect(invalid('GuildResponse', [f.world.guild(guildId)])).toEqual([]);
      expect(invalid('GuildChannelResponse', f.world.channels(guildId))).toEqual([]);
      const threads = [
        ...f.world.activeThreads(guildId),
        ...f.world
          .channels(guildId)
          .filter((c) => c.type === ChannelType.GuildText || c.type === ChannelType.GuildForum)
          .flatMap((c) => f.world.archivedThreads(c.id, { private: false, limit: 100 }).threads),
      ];
      expect(threads.length).toBeGreaterThan(0);
      expect(invalid('ThreadResponse', threads)).toEqual([]);
    }
    const dm = f.world.openDm(bot, f.ordinaryUserId());
    expect(invalid('PrivateChannelResponse', [dm])).toEqual([]);
  });

  it('objects changed live', () => {
    const user = f.ordinaryUserId();
    const category = f.world.channels(f.guildId).find((c) => c.type === ChannelType.GuildCategory)?.id ?? null;
    const channels = [
      f.world.createChannel(f.guildId, { name: 'Live Text', type: ChannelType.GuildText, parent_id: category }),
      f.world.createChannel(f.guildId, { name: 'Live Voice', type: ChannelType.GuildVoice }),
      f.world.updateChannel(general, { topic: 'changed', nsfw: true }),
    ];
    expect(invalid('GuildChannelResponse', channels)).toEqual([]);
    const thread = f.world.createThread(general, user, { name: 'live thread' });
    expect(
      invalid('ThreadResponse', [thread, f.world.updateThread(thread.id, { archived: true, locked: true })]),
    ).toEqual([]);
    const role = f.world.createRole(f.guildId, { name: 'Live', color: 0xabcdef, hoist: true });
    expect(invalid('GuildRoleResponse', [role, f.world.updateRole(f.guildId, role.id, { mentionable: true })])).toEqual(
      [],
    );
    expect(
      invalid('GuildMemberResponse', [f.world.updateMember(f.guildId, user, { nick: 'Live', roles: [role.id] })]),
    ).toEqual([]);
    expect(invalid('GuildResponse', [f.world.updateGuild(f.guildId, { description: 'changed live' })])).toEqual([]);
  });
});
