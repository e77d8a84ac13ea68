import type { SimBot } from '../../world/world.js';
import { commandBody, commandListBody, commandPatchBody } from '../bodies/command-body.js';
import { parseInput } from '../bodies/parse-input.js';
import { accessGuild } from '../channel-access.js';
import { restErrors } from '../errors.js';
import { botRoute, created, NO_CONTENT, ok, type RouteDefinition, type RouteRequest } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

const GLOBAL = '/applications/:application_id/commands';
const GUILD = '/applications/:application_id/guilds/:guild_id/commands';

/** Application commands, global and per guild: list, create, get, edit, delete, bulk overwrite. */
export function commandRoutes({ world, commands }: RouteDeps): RouteDefinition[] {
  /** The application and guild a request addresses, after checking the bot may act for them. */
  const scope = ({ bot, params }: RouteRequest<SimBot>): [string, string | null] => {
    const applicationId = params.application_id as string;
    if (applicationId !== bot.application.id) {
      throw restErrors.notApplicationOwner();
    }
    const guildId = params.guild_id ?? null;
    if (guildId !== null) accessGuild(world, bot.user.id, guildId);
    return [applicationId, guildId];
  };
  const routes: RouteDefinition[] = [];
  for (const base of [GLOBAL, GUILD] as const) {
    routes.push(
      botRoute(`GET ${base}`, (request) => ok(commands.list(...scope(request)))),
      botRoute(`PUT ${base}`, (request) =>
        ok(commands.overwrite(...scope(request), parseInput(commandListBody, request.body), request.now)),
      ),
      botRoute(`POST ${base}`, (request) => {
        const result = commands.create(...scope(request), parseInput(commandBody, request.body), request.now);
        return result.created ? created(result.command) : ok(result.command);
      }),
      botRoute(`GET ${base}/:command_id`, (request) =>
        ok(commands.get(...scope(request), request.params.command_id as string)),
      ),
      botRoute(`PATCH ${base}/:command_id`, (request) =>
        ok(
          commands.edit(
            ...scope(request),
            request.params.command_id as string,
            parseInput(commandPatchBody, request.body),
            request.now,
          ),
        ),
      ),
      botRoute(`DELETE ${base}/:command_id`, (request) => {
        commands.delete(...scope(request), request.params.command_id as string);
        return NO_CONTENT;
      }),
    );
  }
  return routes;
}
