import { SimDiscordError, type World } from '../world/world.js';
import { ChannelPicker } from './channel-picker.js';
import { GuildRoster } from './guild-roster.js';
import { RecentMessages } from './recent-messages.js';
import type { Scheduler } from './scheduler.js';
import type { TrafficStats } from './traffic-stats.js';
import { VirtualUserError } from './virtual-user-error.js';

/** The subset of a pino logger the traffic engine writes to. */
export interface TrafficLogger {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * What the engine's behaviours share: the world, the scheduler, who is active where, what was said
 * lately, and the counts. Rosters and channel lists are read from the world on first use.
 */
export class TrafficContext {
  readonly recent = new RecentMessages();
  private readonly rosters = new Map<string, GuildRoster>();
  private readonly pickers = new Map<string, ChannelPicker>();

  constructor(
    readonly world: World,
    readonly scheduler: Scheduler,
    readonly stats: TrafficStats,
    private readonly logger: TrafficLogger,
  ) {}

  roster(guildId: string): GuildRoster {
    let roster = this.rosters.get(guildId);
    if (!roster) {
      roster = new GuildRoster(this.world, guildId, this.world.scenario.activitySkew);
      this.rosters.set(guildId, roster);
    }
    return roster;
  }

  /** The roster if it was read already: membership changes before that need no bookkeeping. */
  loadedRoster(guildId: string): GuildRoster | undefined {
    return this.rosters.get(guildId);
  }

  channels(guildId: string): ChannelPicker {
    let picker = this.pickers.get(guildId);
    if (!picker) {
      picker = new ChannelPicker(this.world, guildId);
      this.pickers.set(guildId, picker);
    }
    return picker;
  }

  /** Forgets channel lists, so that threads opened or archived since are seen. */
  refreshChannels(): void {
    this.pickers.clear();
  }

  /** A guild drawn in proportion to its human members, `u` uniform in [0, 1). */
  pickGuild(u: number): string | undefined {
    const ids = this.world.guildIds();
    let total = 0;
    for (const id of ids) total += this.roster(id).size;
    let target = u * total;
    for (const id of ids) {
      target -= this.roster(id).size;
      if (target < 0) return id;
    }
    return ids[0];
  }

  /**
   * Runs one action on the world. Discord's own refusals (a permission, a reaction limit, a message deleted
   * meanwhile) and what a virtual user cannot do (a component gone) are part of live traffic and count as
   * skipped; anything else is a bug worth a warning.
   */
  attempt(action: string, run: () => void): boolean {
    try {
      run();
      return true;
    } catch (error) {
      this.stats.skipped++;
      if (error instanceof SimDiscordError) this.logger.debug({ action, code: error.code }, 'traffic action refused');
      else if (error instanceof VirtualUserError)
        this.logger.debug({ action, reason: error.message }, 'traffic action refused');
      else this.logger.warn({ action, err: error }, 'traffic action failed');
      return false;
    }
  }

  /** Counts an action that found nothing to act on (no member, no writable channel). */
  skip(action: string, reason: string): void {
    this.stats.skipped++;
    this.logger.debug({ action, reason }, 'traffic action skipped');
  }
}
