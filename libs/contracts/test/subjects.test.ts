import { describe, expect, it } from 'vitest';
import { busNamespace, createSubjects, InvalidSubjectTokenError, platformStreams } from '../src/index.js';

describe('subjects', () => {
  const subjects = createSubjects();

  it('spells dispatch subjects by event and guild, dm without a guild', () => {
    expect(subjects.dispatch('MESSAGE_CREATE', '81384788765712384')).toBe(
      'discord.dispatch.MESSAGE_CREATE.81384788765712384',
    );
    expect(subjects.dispatch('MESSAGE_CREATE', null)).toBe('discord.dispatch.MESSAGE_CREATE.dm');
    expect(subjects.dispatchFilter('VOICE_STATE_UPDATE')).toBe('discord.dispatch.VOICE_STATE_UPDATE.*');
    expect(subjects.guildFilter('1')).toBe('discord.dispatch.*.1');
  });

  it('spells interaction, shard, domain and dead-letter subjects', () => {
    expect(subjects.interaction('lending', 'component')).toBe('discord.interaction.lending.component');
    expect(subjects.shard(3, 'resumed')).toBe('discord.shard.3.resumed');
    expect(subjects.domain('export', 'jobs', 'requested')).toBe('export.jobs.requested');
    expect(subjects.domainFilter('export', 'jobs')).toBe('export.jobs.>');
    expect(subjects.deadLetter('DISCORD', 'stats')).toBe('deadletter.DISCORD.stats');
  });

  it('refuses tokens that would change the subject hierarchy', () => {
    expect(() => subjects.dispatch('MESSAGE.CREATE', '1')).toThrow(InvalidSubjectTokenError);
    expect(() => subjects.dispatch('MESSAGE_CREATE', '>')).toThrow(/guild id/);
    expect(() => subjects.domain('stats', 'a b')).toThrow(/domain token/);
  });

  it('prefixes every subject and resource with the namespace', () => {
    const ns = busNamespace('run_42');
    const scoped = createSubjects(ns);
    expect(scoped.dispatch('GUILD_CREATE', '9')).toBe('run_42.discord.dispatch.GUILD_CREATE.9');
    expect(ns.resource('DISCORD')).toBe('run_42_DISCORD');
    expect(() => busNamespace('Upper.Case')).toThrow(/namespace/);
  });

  it('defines streams whose subjects do not overlap', () => {
    const streams = Object.values(platformStreams(busNamespace('x')));
    const roots = streams.flatMap((s) => s.subjects.map((subject) => subject.replace(/\.>$/, '')));
    for (const a of roots) for (const b of roots) if (a !== b) expect(a.startsWith(`${b}.`)).toBe(false);
    expect(new Set(streams.map((s) => s.name)).size).toBe(streams.length);
    expect(streams.every((s) => s.name.startsWith('x_'))).toBe(true);
  });
});
