import { describe, expect, it } from 'vitest';
import { namedScenarios, type ScenarioInput } from '../../src/world/scenario.js';
import { snowflake } from '../../src/world/snowflake.js';
import { SimDiscordError } from '../../src/world/world.js';
import { caught, fixture } from './fixtures.js';

const [tinyGuild] = namedScenarios.tiny.guilds;
const withPrivate: ScenarioInput = {
  ...namedScenarios.tiny,
  guilds: [{ ...tinyGuild, channels: [...tinyGuild.channels, { name: 'staff', history: 10, private: true }] }],
};

describe("Discord's errors", () => {
  const f = fixture(withPrivate);
  const general = f.channel('general').id;
  const bot = f.world.bots[0]?.user.id ?? '';

  it('are SimDiscordErrors with status and code', () => {
    let error: unknown;
    try {
      f.world.createMessage('1', bot, { content: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimDiscordError);
    expect(error).toMatchObject({ status: 404, code: 10003, message: 'Unknown Channel' });
  });

  it('10003 unknown channel', () => {
    expect(caught(() => f.world.messages('123456789012345678', {})).code).toBe(10003);
    expect(caught(() => f.world.typing('123456789012345678', bot)).code).toBe(10003);
  });

  it('50006 empty message', () => {
    expect(caught(() => f.world.createMessage(general, bot, { content: '' }))).toMatchObject({
      status: 400,
      code: 50006,
      message: 'Cannot send an empty message',
    });
    expect(caught(() => f.world.createMessage(general, bot, {})).code).toBe(50006);
  });

  it('50035 content over 2000 characters, with field errors', () => {
    const e = caught(() => f.world.createMessage(general, bot, { content: 'x'.repeat(2001) }));
    expect(e).toMatchObject({ status: 400, code: 50035, message: 'Invalid Form Body' });
    expect(e.errors).toEqual({
      content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] },
    });
    expect(f.world.createMessage(general, bot, { content: 'x'.repeat(2000) }).content).toHaveLength(2000);
  });

  it('50001 missing access to a channel hidden by overwrites, while staff can write', () => {
    const staff = f.channel('staff');
    expect('permission_overwrites' in staff && staff.permission_overwrites?.length).toBeGreaterThan(0);
    expect(caught(() => f.world.createMessage(staff.id, bot, { content: 'hi' }))).toMatchObject({
      status: 403,
      code: 50001,
    });
    const owner = f.world.guild(f.guildId)?.owner_id ?? '';
    expect(f.world.createMessage(staff.id, owner, { content: 'hi' }).content).toBe('hi');
    expect(f.world.permissionsFor(staff.id, bot)).toBe(0n);
  });

  it('50005 editing a message of another user; 50013 deleting it without Manage Messages', () => {
    const mine = f.world.createMessage(general, bot, { content: 'mine' });
    const user = f.ordinaryUserId();
    expect(caught(() => f.world.editMessage(general, mine.id, user, { content: 'x' }))).toMatchObject({
      status: 403,
      code: 50005,
    });
    expect(caught(() => f.world.deleteMessage(general, mine.id, user))).toMatchObject({ status: 403, code: 50013 });
    const theirs = f.world.createMessage(general, user, { content: 'theirs' });
    f.world.deleteMessage(general, theirs.id, bot);
    expect(f.world.message(general, theirs.id)).toBeUndefined();
  });

  it('10008 unknown message', () => {
    expect(caught(() => f.world.editMessage(general, snowflake(Date.now()), bot, { content: 'x' })).code).toBe(10008);
    expect(caught(() => f.world.addReaction(general, '1', '👍', bot)).code).toBe(10008);
  });

  it('50034 bulk delete of messages older than 14 days; 50035 for fewer than 2', () => {
    const old = f.world.messages(general, { limit: 2 }).map((m) => m.id);
    f.clock.advance(15 * 86_400_000);
    expect(caught(() => f.world.bulkDeleteMessages(general, old, bot))).toMatchObject({ status: 400, code: 50034 });
    const one = f.world.createMessage(general, bot, { content: 'one' }).id;
    expect(caught(() => f.world.bulkDeleteMessages(general, [one], bot)).code).toBe(50035);
  });

  it('10014 unknown or malformed emoji', () => {
    const id = f.world.messages(general, { limit: 1 })[0]?.id ?? '';
    for (const emoji of ['thumbsup', 'bad:emoji', 'x:123456789012345678', '', ':'])
      expect(caught(() => f.world.addReaction(general, id, emoji, bot))).toMatchObject({ status: 400, code: 10014 });
  });

  it('10013 unknown user, 10004 unknown guild, 10007 unknown member, 40032 not in voice', () => {
    expect(caught(() => f.world.openDm(bot, '42')).code).toBe(10013);
    expect(caught(() => f.world.memberLeave('42', bot)).code).toBe(10004);
    expect(caught(() => f.world.memberLeave(f.guildId, '42')).code).toBe(10007);
    expect(caught(() => f.world.voiceUpdate(f.guildId, bot, { self_mute: true })).code).toBe(40032);
  });

  it('50008 messages in a forum or category; 10060 unknown sticker; 50035 unknown reply target', () => {
    expect(caught(() => f.world.createMessage(f.channel('help').id, bot, { content: 'x' })).code).toBe(50008);
    expect(caught(() => f.world.createMessage(general, bot, { sticker_ids: ['1'] })).code).toBe(10060);
    const e = caught(() =>
      f.world.createMessage(general, bot, { content: 'x', message_reference: { message_id: '1' } }),
    );
    expect(e).toMatchObject({
      code: 50035,
      errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE' }] } },
    });
    expect(
      f.world.createMessage(general, bot, {
        content: 'x',
        message_reference: { message_id: '1', fail_if_not_exists: false },
      }).type,
    ).toBe(0);
  });
});
