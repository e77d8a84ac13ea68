import { HttpError, parseInput, requireBearer } from '@platform/service-kit';
import type { FastifyInstance } from 'fastify';
import { METRIC_TITLES } from '../commands/chart-command.js';
import { chartGranularity } from '../commands/chart-window.js';
import { DEFAULT_INACTIVE_DAYS, DEFAULT_INACTIVE_LIMIT, inactiveSince } from '../commands/inactive-command.js';
import { DEFAULT_LEADERBOARD_LIMIT } from '../commands/leaderboard-command.js';
import type { GuildSettingsStore, StatsQueries, StatsWindow } from '../queries/stats-queries.js';
import { timelineSpec } from '../render/chart-specs.js';
import type { PngRenderer } from '../render/render-png.js';
import { InvalidOptionError } from '../window/invalid-option-error.js';
import { checkLimit } from '../window/limit.js';
import { checkDays, describeLookback, type LookbackInput, parseLookback, windowOf } from '../window/lookback.js';
import { csvExport, jsonExport } from './export-formats.js';
import {
  guildParams,
  heatmapQuery,
  inactiveQuery,
  leaderboardQuery,
  lookbackQuery,
  timelineQuery,
  userParams,
} from './query-schemas.js';
import type { UserDayExport } from './user-days.js';

/** The API's own bounds: larger than a Discord embed holds. */
export const MAX_HTTP_LEADERBOARD_LIMIT = 100;
export const MAX_HTTP_INACTIVE_LIMIT = 1000;

export interface StatsRoutesOptions {
  queries: StatsQueries;
  settings: GuildSettingsStore;
  exporter: UserDayExport;
  renderer: PngRenderer;
  /** `INTERNAL_API_TOKEN`: every route here requires it as a bearer token. */
  token: string;
  defaultDays: number;
  now?: () => number;
}

/**
 * The statistics as JSON for other services and dashboards, the chart as PNG, and a guild's export as CSV or
 * JSON. Query strings are checked by zod for their types and by the commands' own rules for their meaning;
 * either failing answers 400 with the reason.
 */
export function registerStatsRoutes(app: FastifyInstance, options: StatsRoutesOptions): void {
  const { queries, settings, exporter, renderer, defaultDays } = options;
  const now = options.now ?? Date.now;
  const auth = { onRequest: requireBearer(options.token) };

  /** The window of a lookback in the guild's zone (or the one asked for), with the zone. */
  async function windowFor(guildId: string, input: LookbackInput, tz?: string) {
    const at = now();
    const lookback = checked(() => parseLookback(input, defaultDays, at));
    const timeZone = tz ?? (await settings.get(guildId)).timeZone;
    return { window: checked(() => windowOf(lookback, at, timeZone)), timeZone, period: describeLookback(lookback) };
  }

  app.get('/guilds/:guildId/stats', auth, async (request) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const { window } = await windowFor(guildId, parseInput(lookbackQuery, request.query, 'query'));
    return { window: windowJson(window), stats: await queries.serverStats(guildId, window) };
  });

  app.get('/guilds/:guildId/users/:userId/stats', auth, async (request) => {
    const { guildId, userId } = parseInput(userParams, request.params, 'params');
    const { window } = await windowFor(guildId, parseInput(lookbackQuery, request.query, 'query'));
    if (await settings.isOptedOut(guildId, userId))
      throw new HttpError(404, 'this member opted out of statistics; nothing about them is kept', { userId });
    return { window: windowJson(window), stats: await queries.userStats(guildId, userId, window) };
  });

  app.get('/guilds/:guildId/leaderboard', auth, async (request) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const query = parseInput(leaderboardQuery, request.query, 'query');
    const limit = checked(() => checkLimit(query.limit, DEFAULT_LEADERBOARD_LIMIT, MAX_HTTP_LEADERBOARD_LIMIT));
    const { window } = await windowFor(guildId, query);
    const board = await queries.leaderboard(guildId, query.type, window, limit, query.caller ?? null);
    return { window: windowJson(window), leaderboard: board };
  });

  app.get('/guilds/:guildId/heatmap', auth, async (request) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const query = parseInput(heatmapQuery, request.query, 'query');
    const { window, timeZone } = await windowFor(guildId, query, query.tz);
    return { window: windowJson(window), timeZone, heatmap: await queries.heatmap(guildId, window, timeZone) };
  });

  async function timeline(guildId: string, query: ReturnType<typeof timelineQuery.parse>) {
    const { window, timeZone, period } = await windowFor(guildId, query, query.tz);
    const granularity = checked(() => chartGranularity(window, query.granularity));
    const points = await queries.timeline(guildId, query.metric, window, granularity, timeZone);
    return { window, timeZone, period, granularity, points };
  }

  app.get('/guilds/:guildId/timeline', auth, async (request) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const query = parseInput(timelineQuery, request.query, 'query');
    const { window, timeZone, granularity, points } = await timeline(guildId, query);
    return { window: windowJson(window), timeZone, metric: query.metric, granularity, points };
  });

  app.get('/guilds/:guildId/chart.png', auth, async (request, reply) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const query = parseInput(timelineQuery, request.query, 'query');
    const { timeZone, period, granularity, points } = await timeline(guildId, query);
    const title = `${METRIC_TITLES[query.metric]} — ${period}`;
    const png = await renderer.render(
      timelineSpec({ metric: query.metric, granularity, points, timeZone, title }),
      'chart',
    );
    return reply.type('image/png').send(png);
  });

  app.get('/guilds/:guildId/inactive', auth, async (request) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const query = parseInput(inactiveQuery, request.query, 'query');
    const days = checked(() => checkDays(query.days, DEFAULT_INACTIVE_DAYS));
    const limit = checked(() => checkLimit(query.limit, DEFAULT_INACTIVE_LIMIT, MAX_HTTP_INACTIVE_LIMIT));
    const since = inactiveSince(days, now());
    return { since: since.toISOString(), members: await queries.inactive(guildId, since, limit) };
  });

  app.get('/guilds/:guildId/export.csv', auth, async (request, reply) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const { window } = await windowFor(guildId, parseInput(lookbackQuery, request.query, 'query'));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="stats-${guildId}.csv"`)
      .send(csvExport(exporter.userDays(guildId, window)));
  });

  app.get('/guilds/:guildId/export.json', auth, async (request, reply) => {
    const { guildId } = parseInput(guildParams, request.params, 'params');
    const { window } = await windowFor(guildId, parseInput(lookbackQuery, request.query, 'query'));
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="stats-${guildId}.json"`)
      .send(jsonExport({ guildId, ...windowJson(window) }, exporter.userDays(guildId, window)));
  });
}

function windowJson(window: StatsWindow) {
  return { from: window.from?.toISOString() ?? null, to: window.to.toISOString() };
}

/** A command rule's refusal as the API's 400, naming the parameter. */
function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InvalidOptionError) throw new HttpError(400, error.message, { parameter: error.option });
    throw error;
  }
}
