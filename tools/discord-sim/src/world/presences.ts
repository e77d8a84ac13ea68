import {
  ActivityType,
  type GatewayActivity,
  type GatewayPresenceUpdate,
  PresenceUpdateStatus,
} from 'discord-api-types/v10';
import { checkChoice, checkLength, enumValues } from './field-checks.js';
import { kindOf } from './random.js';
import { compareIds } from './snowflake.js';
import type { PresenceInput } from './world.js';

const STATUSES: readonly string[] = [
  PresenceUpdateStatus.Online,
  PresenceUpdateStatus.Idle,
  PresenceUpdateStatus.DoNotDisturb,
  PresenceUpdateStatus.Offline,
];
const PLATFORMS: readonly string[] = ['desktop', 'mobile', 'web'];
const ACTIVITY_TYPES = enumValues(ActivityType);

/**
 * The presences of one guild's members, as PRESENCE_UPDATE carries them. Only members someone set a
 * presence for are kept, and only while not offline: offline is what everyone else is, as Discord
 * leaves offline members out of GUILD_CREATE and member chunks.
 */
export class GuildPresences {
  private readonly byUser = new Map<string, GatewayPresenceUpdate>();

  constructor(private readonly guildId: string) {}

  /** Validates and applies a presence; returns the PRESENCE_UPDATE payload. Throws 50035 on a bad field. */
  set(userId: string, input: PresenceInput, nowMs: number): GatewayPresenceUpdate {
    checkChoice('status', input.status, STATUSES);
    const platform = input.platform ?? 'desktop';
    checkChoice('platform', platform, PLATFORMS);
    const offline = input.status === PresenceUpdateStatus.Offline;
    const presence: GatewayPresenceUpdate = {
      user: { id: userId },
      guild_id: this.guildId,
      status: input.status,
      // Offline members show no activity, whatever they were doing.
      activities: offline ? [] : (input.activities ?? []).map((a, i) => activity(a, i, nowMs)),
      client_status: offline ? {} : { [platform]: input.status },
    };
    if (offline) this.byUser.delete(userId);
    else this.byUser.set(userId, presence);
    return presence;
  }

  get(userId: string): GatewayPresenceUpdate | undefined {
    return this.byUser.get(userId);
  }

  /** Forgets a member who left: Discord sends no presence for it. */
  forget(userId: string): void {
    this.byUser.delete(userId);
  }

  /** Every presence that is not offline, by user id. */
  all(): GatewayPresenceUpdate[] {
    return [...this.byUser.values()].sort((a, b) => compareIds(a.user.id, b.user.id));
  }
}

function activity(input: NonNullable<PresenceInput['activities']>[number], index: number, nowMs: number) {
  checkChoice(['activities', index, 'type'], input.type, ACTIVITY_TYPES);
  checkLength(['activities', index, 'name'], input.name, 1, 128);
  const out: GatewayActivity = {
    // Discord's ids are opaque; a custom status is always "custom".
    id: input.type === ActivityType.Custom ? 'custom' : kindOf(`${input.type}:${input.name}`).toString(16),
    name: input.name,
    type: input.type,
    created_at: nowMs,
  };
  if (input.state !== undefined) out.state = input.state;
  if (input.url !== undefined) out.url = input.url;
  return out;
}
