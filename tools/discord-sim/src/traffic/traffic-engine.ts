import type {
  APIInteraction,
  APIMessage,
  GatewayGuildMemberAddDispatchData,
  GatewayGuildMemberRemoveDispatchData,
  GatewayVoiceStateUpdateDispatchData,
} from 'discord-api-types/v10';
import { discordErrors } from '../world/errors.js';
import { Draws, kindOf } from '../world/random.js';
import type { World, WorldDispatch } from '../world/world.js';
import { Arrivals } from './arrivals.js';
import { systemClock, type TrafficClock } from './clock.js';
import { MembershipChurn } from './membership-churn.js';
import { MessageWriter } from './message-writer.js';
import { ReactionGiver } from './reaction-giver.js';
import { Scheduler } from './scheduler.js';
import { StructureChurn, type StructureStat } from './structure-churn.js';
import { TrafficContext, type TrafficLogger } from './traffic-context.js';
import { applyRatesPatch, defaultRates, type TrafficRates, type TrafficRatesPatch } from './traffic-rates.js';
import { emptyStats, type TrafficStats } from './traffic-stats.js';
import {
  type CommandRequest,
  type CommandSource,
  type ComponentRequest,
  DEFAULT_VIRTUAL_USER_TIMING,
  type ModalRequest,
  VirtualUsers,
  type VirtualUserTiming,
} from './virtual-users.js';
import { DEFAULT_VOICE_BEHAVIOUR, type VoiceBehaviour, VoiceSessions } from './voice-sessions.js';

export interface TrafficEngineOptions {
  world: World;
  /** Time and timers; a {@link ManualClock} steps the engine in tests. Default: the system clock. */
  clock?: TrafficClock;
  /** Starting rates over the scenario's `live` rates. */
  rates?: TrafficRatesPatch;
  /** The application commands the bots registered (the REST server keeps them); none when omitted. */
  commands?: CommandSource;
  voice?: Partial<VoiceBehaviour>;
  virtualUsers?: Partial<VirtualUserTiming>;
  /** Seed of the engine's random streams; the world's seed by default. */
  seed?: number;
  logger?: TrafficLogger;
}

/** What a storm did: the changes of each kind the world took, those it refused, and the dispatches they made. */
export interface StormResult extends Pick<TrafficStats, StructureStat | 'skipped'> {
  guild: string;
  updates: number;
  dispatches: number;
}

/** The live traffic of a simulated world, started, stopped and shaped at run time. */
export interface TrafficEngine {
  readonly running: boolean;
  readonly rates: TrafficRates;
  /** What it did so far. */
  readonly stats: TrafficStats;
  /** Voice sessions the engine holds open now. */
  readonly openVoiceSessions: number;
  start(): void;
  /** Stops generating, drops what was planned, and disconnects the voice sessions it opened. */
  stop(): void;
  /** Changes some rates (running or not); returns the rates now in force. Throws a zod error on a bad value. */
  setRates(patch: TrafficRatesPatch): TrafficRates;
  /** A virtual user runs a command; see {@link VirtualUsers}. Works whether traffic runs or not. */
  runCommand(request: CommandRequest): APIInteraction;
  useComponent(request: ComponentRequest): APIInteraction;
  submitModal(request: ModalRequest): APIInteraction;
  /**
   * Applies `updates` structure changes to a guild at once, as the churn of `updatesPerSecond` spreads them
   * (10004 for an unknown guild). The n-th storm of a seed makes the same choices every run.
   */
  storm(guildId: string, updates: number): StormResult;
  /** Stops and stops listening to the world. */
  close(): void;
}

const silent: TrafficLogger = { debug() {}, warn() {} };
const STRUCTURE = kindOf('traffic-structure');
const STORM = kindOf('traffic-storm');
/** Dispatches after which the channels members write in are listed afresh. */
const CHANNEL_EVENTS = new Set(['CHANNEL_CREATE', 'CHANNEL_DELETE', 'THREAD_CREATE', 'THREAD_UPDATE', 'THREAD_DELETE']);

/**
 * Creates the traffic engine of a world: Poisson arrivals at the configured rates of messages, reactions,
 * voice joins, member joins and leaves, commands and structure changes, with virtual users answering the
 * bots' components and modals. Every random choice comes from streams seeded by the world's seed, so a run under a
 * {@link ManualClock} is the same every time.
 */
export function createTrafficEngine(options: TrafficEngineOptions): TrafficEngine {
  const { world } = options;
  const seed = options.seed ?? world.seed;
  const logger = options.logger ?? silent;
  const scheduler = new Scheduler(options.clock ?? systemClock);
  const stats = emptyStats();
  const ctx = new TrafficContext(world, scheduler, stats, logger);
  let rates = applyRatesPatch(defaultRates(world.scenario.live), options.rates ?? {});
  let running = false;

  const messages = new MessageWriter(ctx, seed);
  const reactions = new ReactionGiver(ctx, seed);
  const voice = new VoiceSessions(ctx, seed, { ...DEFAULT_VOICE_BEHAVIOUR, ...options.voice });
  const churn = new MembershipChurn(ctx, seed);
  const structure = new StructureChurn(ctx, new Draws(seed, STRUCTURE));
  let storms = 0;
  const users = new VirtualUsers(
    ctx,
    seed,
    options.commands ?? (() => []),
    { ...DEFAULT_VIRTUAL_USER_TIMING, ...options.virtualUsers },
    () => rates,
  );

  const arrivalDraws = (name: string) => new Draws(seed, kindOf(`traffic-arrivals-${name}`));
  const arrivals: [keyof TrafficRates, Arrivals][] = [
    ['messagesPerSecond', new Arrivals(scheduler, arrivalDraws('messages'), () => messages.write())],
    ['reactionsPerSecond', new Arrivals(scheduler, arrivalDraws('reactions'), () => reactions.react())],
    ['voiceJoinsPerSecond', new Arrivals(scheduler, arrivalDraws('voice'), () => voice.join())],
    ['memberJoinsPerSecond', new Arrivals(scheduler, arrivalDraws('joins'), () => churn.join())],
    ['memberLeavesPerSecond', new Arrivals(scheduler, arrivalDraws('leaves'), () => churn.leave())],
    ['interactionsPerSecond', new Arrivals(scheduler, arrivalDraws('commands'), () => users.runRandomCommand())],
    ['updatesPerSecond', new Arrivals(scheduler, arrivalDraws('updates'), () => structure.update())],
  ];
  const applyRates = () => {
    for (const [key, process] of arrivals) process.setRate(rates[key]);
  };
  applyRates();

  const unsubscribe = world.onDispatch((dispatch) => observe(dispatch));
  function observe({ t, d, guildId }: WorldDispatch): void {
    if (guildId === null) return;
    if (CHANNEL_EVENTS.has(t)) ctx.refreshChannels();
    else if (t === 'MESSAGE_CREATE') {
      const message = d as APIMessage & { guild_id?: string };
      ctx.recent.add(guildId, { channelId: message.channel_id, messageId: message.id, authorId: message.author.id });
      if (running) users.noticeMessage(message);
    } else if (t === 'MESSAGE_DELETE') ctx.recent.forget(guildId, (d as { id: string }).id);
    else if (t === 'GUILD_MEMBER_ADD') {
      const member = d as GatewayGuildMemberAddDispatchData;
      if (!member.user.bot) ctx.loadedRoster(guildId)?.add(member.user.id);
    } else if (t === 'GUILD_MEMBER_REMOVE') {
      const userId = (d as GatewayGuildMemberRemoveDispatchData).user.id;
      ctx.loadedRoster(guildId)?.remove(userId);
      voice.forget(guildId, userId);
    } else if (t === 'VOICE_STATE_UPDATE') {
      const state = d as GatewayVoiceStateUpdateDispatchData;
      if (state.channel_id === null) voice.forget(guildId, state.user_id);
    }
  }

  function storm(guildId: string, updates: number): StormResult {
    if (!world.guildIds().includes(guildId)) throw discordErrors.unknownGuild();
    // A context of its own keeps the storm's counts apart from the traffic's.
    const stats = emptyStats();
    const stormChurn = new StructureChurn(
      new TrafficContext(world, scheduler, stats, logger),
      new Draws(seed, STORM, storms++),
    );
    let dispatches = 0;
    const unsubscribeStorm = world.onDispatch((dispatch) => {
      if (dispatch.guildId === guildId) dispatches++;
    });
    try {
      for (let i = 0; i < updates; i++) stormChurn.update(guildId);
    } finally {
      unsubscribeStorm();
    }
    const { presenceUpdates, memberUpdates, channelUpdates, threadUpdates, roleUpdates, guildUpdates, skipped } = stats;
    return {
      guild: guildId,
      updates,
      dispatches,
      presenceUpdates,
      memberUpdates,
      channelUpdates,
      threadUpdates,
      roleUpdates,
      guildUpdates,
      skipped,
    };
  }

  const stop = () => {
    if (!running) return;
    running = false;
    for (const [, process] of arrivals) process.stop();
    scheduler.clear();
    voice.endAll();
    logger.debug({ stats }, 'traffic stopped');
  };

  return {
    get running() {
      return running;
    },
    get rates() {
      return { ...rates };
    },
    get stats() {
      return { ...stats };
    },
    get openVoiceSessions() {
      return voice.open;
    },
    start() {
      if (running) return;
      running = true;
      ctx.refreshChannels();
      for (const [, process] of arrivals) process.start();
      logger.debug({ rates }, 'traffic started');
    },
    stop,
    setRates(patch) {
      rates = applyRatesPatch(rates, patch);
      applyRates();
      return { ...rates };
    },
    runCommand: (request) => users.runCommand(request),
    useComponent: (request) => users.useComponent(request),
    submitModal: (request) => users.submitModal(request),
    storm,
    close() {
      stop();
      unsubscribe();
    },
  };
}
