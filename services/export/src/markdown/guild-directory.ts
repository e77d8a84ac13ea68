import type { ExportRole } from '../model/export-document.js';

/** A channel as a mention shows it. */
export interface ChannelRef {
  name: string;
  isVoice: boolean;
}

/**
 * A guild has at most 250 roles, so this bound is never reached by a real guild; it keeps a crafted
 * export from growing the directory without end.
 */
const defaultLimit = 1000;

/**
 * The roles and channels an export has met so far, for mentions of them: roles from every user
 * the writer renders (authors, mentioned users), channels from the export's header and from the
 * caller. Bounded, so it costs the same memory for a million messages as for ten.
 */
export class GuildDirectory {
  readonly #roles = new Map<string, ExportRole>();
  readonly #channels = new Map<string, ChannelRef>();
  #rolesByLength: ExportRole[] | undefined;
  #channelsByLength: ChannelRef[] | undefined;

  constructor(private readonly limit = defaultLimit) {}

  addRoles(roles: readonly ExportRole[] | undefined): void {
    if (!roles) return;
    for (const role of roles) {
      const known = this.#roles.get(role.id);
      if (known?.name === role.name && known.color === role.color) continue;
      if (!known && this.#roles.size >= this.limit) return;
      this.#roles.set(role.id, role);
      this.#rolesByLength = undefined;
    }
  }

  addChannel(id: string, channel: ChannelRef): void {
    if (!this.#channels.has(id) && this.#channels.size >= this.limit) return;
    this.#channels.set(id, channel);
    this.#channelsByLength = undefined;
  }

  role(id: string): ExportRole | undefined {
    return this.#roles.get(id);
  }

  channel(id: string): ChannelRef | undefined {
    return this.#channels.get(id);
  }

  /** Roles with the longest names first, so `@Mods Team` wins over `@Mods`. */
  rolesLongestFirst(): readonly ExportRole[] {
    this.#rolesByLength ??= [...this.#roles.values()].sort((a, b) => b.name.length - a.name.length);
    return this.#rolesByLength;
  }

  /** Channels with the longest names first. */
  channelsLongestFirst(): readonly ChannelRef[] {
    this.#channelsByLength ??= [...this.#channels.values()].sort((a, b) => b.name.length - a.name.length);
    return this.#channelsByLength;
  }
}
