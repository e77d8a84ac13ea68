import type { APIUser } from 'discord-api-types/v10';
import { discordErrors } from '../../world/errors.js';
import { dmBody } from '../bodies/dm-body.js';
import { parseInput } from '../bodies/parse-input.js';
import { botRoute, ok, type RouteDefinition } from '../route-definition.js';
import type { RouteDeps } from './route-deps.js';

/** The current user as `GET /users/@me` shows it to its bot: the user plus its account fields. */
function currentUser(user: APIUser) {
  return {
    ...user,
    public_flags: user.public_flags ?? 0,
    flags: user.flags ?? 0,
    bot: true,
    global_name: user.global_name ?? null,
    mfa_enabled: user.mfa_enabled ?? false,
    locale: user.locale ?? 'en-US',
    verified: true,
    email: null,
  };
}

/** `GET /users/@me`, `GET /users/{id}`, `POST /users/@me/channels` (DMs). */
export function userRoutes({ world }: RouteDeps): RouteDefinition[] {
  return [
    botRoute('GET /users/@me', ({ bot }) => ok(currentUser(bot.user))),
    botRoute('GET /users/:user_id', ({ params }) => {
      const user = world.user(params.user_id as string);
      if (!user) throw discordErrors.unknownUser();
      return ok(user);
    }),
    botRoute('POST /users/@me/channels', ({ bot, body }) => {
      const { recipient_id } = parseInput(dmBody, body);
      if (!world.user(recipient_id)) throw discordErrors.unknownUser();
      return ok(world.openDm(bot.user.id, recipient_id));
    }),
  ];
}
