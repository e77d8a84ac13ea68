import { DiscordSnowflake } from '@sapphire/snowflake';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { CommandBody } from './bodies/command-body.js';
import { restErrors } from './errors.js';

type CommandPatch = Partial<Omit<CommandBody, 'type'>>;

/**
 * Application commands, kept in memory per application: global ones and per guild. Ids are snowflakes
 * of the time of creation; a command keeps its id across updates and bulk overwrites that keep its
 * name and type, as Discord does.
 */
export class ApplicationCommands {
  readonly #scopes = new Map<string, Map<string, APIApplicationCommand>>();

  list(applicationId: string, guildId: string | null): APIApplicationCommand[] {
    return [...this.#scope(applicationId, guildId).values()];
  }

  get(applicationId: string, guildId: string | null, commandId: string): APIApplicationCommand {
    const command = this.#scope(applicationId, guildId).get(commandId);
    if (!command) throw restErrors.unknownCommand();
    return command;
  }

  /** Creates a command, or replaces the one of the same name and type; `created` tells which. */
  create(
    applicationId: string,
    guildId: string | null,
    body: CommandBody,
    now: number,
  ): { command: APIApplicationCommand; created: boolean } {
    const scope = this.#scope(applicationId, guildId);
    const existing = findByName(scope, body.name, body.type);
    const command = build(applicationId, guildId, body, existing?.id ?? newId(now), now);
    scope.set(command.id, command);
    return { command, created: !existing };
  }

  edit(
    applicationId: string,
    guildId: string | null,
    commandId: string,
    patch: CommandPatch,
    now: number,
  ): APIApplicationCommand {
    const current = this.get(applicationId, guildId, commandId);
    const command = { ...current, ...definedFields(patch), version: newId(now) } as APIApplicationCommand;
    this.#scope(applicationId, guildId).set(commandId, command);
    return command;
  }

  delete(applicationId: string, guildId: string | null, commandId: string): void {
    if (!this.#scope(applicationId, guildId).delete(commandId)) throw restErrors.unknownCommand();
  }

  /** Replaces every command of the scope with `bodies`; names must be unique per type. */
  overwrite(
    applicationId: string,
    guildId: string | null,
    bodies: readonly CommandBody[],
    now: number,
  ): APIApplicationCommand[] {
    const duplicates: Record<string, unknown> = {};
    const seen = new Set<string>();
    bodies.forEach((body, index) => {
      const key = `${body.type}:${body.name}`;
      if (seen.has(key)) {
        duplicates[String(index)] = {
          name: {
            _errors: [
              { code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' },
            ],
          },
        };
      }
      seen.add(key);
    });
    if (Object.keys(duplicates).length > 0) throw restErrors.invalidFormBody(duplicates);
    const old = this.#scope(applicationId, guildId);
    const next = new Map<string, APIApplicationCommand>();
    for (const body of bodies) {
      const id = findByName(old, body.name, body.type)?.id ?? newId(now);
      next.set(id, build(applicationId, guildId, body, id, now));
    }
    this.#scopes.set(scopeKey(applicationId, guildId), next);
    return [...next.values()];
  }

  #scope(applicationId: string, guildId: string | null): Map<string, APIApplicationCommand> {
    const key = scopeKey(applicationId, guildId);
    let scope = this.#scopes.get(key);
    if (!scope) {
      scope = new Map();
      this.#scopes.set(key, scope);
    }
    return scope;
  }
}

function scopeKey(applicationId: string, guildId: string | null): string {
  return `${applicationId}/${guildId ?? 'global'}`;
}

function newId(now: number): string {
  return String(DiscordSnowflake.generate({ timestamp: now }));
}

function findByName(scope: Map<string, APIApplicationCommand>, name: string, type: number) {
  for (const command of scope.values()) if (command.name === name && command.type === type) return command;
  return undefined;
}

function build(
  applicationId: string,
  guildId: string | null,
  body: CommandBody,
  id: string,
  now: number,
): APIApplicationCommand {
  return {
    ...definedFields(body),
    id,
    application_id: applicationId,
    ...(guildId ? { guild_id: guildId } : {}),
    version: newId(now),
    type: body.type,
    name: body.name,
    description: body.description,
    default_member_permissions: body.default_member_permissions ?? null,
    ...(guildId ? {} : { contexts: body.contexts ?? null, integration_types: body.integration_types ?? [0] }),
  } as APIApplicationCommand;
}

/** Drops `undefined` fields, so they neither overwrite stored values nor appear in answers. */
function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
