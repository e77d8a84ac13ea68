import { ChannelType, ThreadAutoArchiveDuration } from 'discord-api-types/v10';
import { discordErrors } from './errors.js';
import { checkBoolean, checkChoice, checkLength } from './field-checks.js';
import { type ChannelLayout, channelLayout } from './layout.js';
import type { ThreadInput, ThreadPatch } from './world.js';

const ARCHIVE_DURATIONS: readonly number[] = [
  ThreadAutoArchiveDuration.OneHour,
  ThreadAutoArchiveDuration.OneDay,
  ThreadAutoArchiveDuration.ThreeDays,
  ThreadAutoArchiveDuration.OneWeek,
];

/** A live thread of a text or announcement channel, added to it; throws Discord's error for a bad input. */
export function addThread(
  parent: ChannelLayout,
  id: string,
  key: number,
  creatorId: string,
  input: ThreadInput,
  nowMs: number,
): ChannelLayout {
  if (parent.type === ChannelType.GuildForum || parent.type === ChannelType.GuildMedia)
    throw discordErrors.invalidForm(['message'], 'BASE_TYPE_REQUIRED', 'This field is required');
  if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement)
    throw discordErrors.wrongChannelType();
  checkLength('name', input.name, 1, 100);
  if (input.auto_archive_duration !== undefined)
    checkChoice('auto_archive_duration', input.auto_archive_duration, ARCHIVE_DURATIONS);
  // Only text channels have private threads, and a thread started from a message is public.
  if (input.private === true && (parent.type !== ChannelType.GuildText || input.messageId !== undefined))
    throw discordErrors.invalidForm(
      ['type'],
      'BASE_TYPE_CHOICES',
      'A private thread needs a text channel and no message.',
    );
  const type =
    parent.type === ChannelType.GuildAnnouncement
      ? ChannelType.AnnouncementThread
      : input.private === true
        ? ChannelType.PrivateThread
        : ChannelType.PublicThread;
  const thread = channelLayout(parent.guild, id, type, input.name, 0);
  thread.key = key;
  thread.parentId = parent.id;
  thread.thread = {
    origin: input.messageId === undefined ? 'created' : 'message',
    starterIndex: -1,
    name: input.name,
    createdMs: nowMs,
    autoArchiveMinutes: input.auto_archive_duration ?? ThreadAutoArchiveDuration.OneDay,
    locked: false,
    archiveChange: null,
    ownerId: creatorId,
    parent,
  };
  parent.threads.push(thread);
  parent.guild.threads.push(thread);
  return thread;
}

/** Checks every field of the patch, then applies it; `archived` is the thread's state before. */
export function applyThreadPatch(thread: ChannelLayout, patch: ThreadPatch, archived: boolean, nowMs: number): void {
  const info = thread.thread;
  if (!info) throw discordErrors.wrongChannelType();
  if (patch.name !== undefined) checkLength('name', patch.name, 1, 100);
  if (patch.archived !== undefined) checkBoolean('archived', patch.archived);
  if (patch.locked !== undefined) checkBoolean('locked', patch.locked);
  if (patch.auto_archive_duration !== undefined)
    checkChoice('auto_archive_duration', patch.auto_archive_duration, ARCHIVE_DURATIONS);

  if (patch.name !== undefined) thread.name = patch.name;
  if (patch.locked !== undefined) info.locked = patch.locked;
  if (patch.auto_archive_duration !== undefined) info.autoArchiveMinutes = patch.auto_archive_duration;
  // A change of the archive state is stamped; setting the state it has already keeps the old stamp.
  if (patch.archived !== undefined && patch.archived !== archived)
    info.archiveChange = { archived: patch.archived, atMs: nowMs };
}

/** Takes a thread out of its parent and guild. */
export function removeThread(thread: ChannelLayout): void {
  const parent = thread.thread?.parent;
  if (!parent) return;
  parent.threads = parent.threads.filter((t) => t !== thread);
  parent.guild.threads = parent.guild.threads.filter((t) => t !== thread);
}
