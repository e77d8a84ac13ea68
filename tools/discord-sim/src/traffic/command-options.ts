import {
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type ChannelType,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import type { Targets } from './interaction-targets.js';
import { VirtualUserError } from './virtual-user-error.js';

/** Values a caller chose for some options, by option name; the subcommand path as `group sub` or `sub`. */
export interface GivenOptions {
  subcommand?: string;
  options?: Record<string, string | number | boolean>;
}

type DataOption = APIApplicationCommandInteractionDataOption;
type Definition = APIApplicationCommandOption & {
  required?: boolean;
  choices?: { name: string; value: string | number }[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  channel_types?: ChannelType[];
  options?: Definition[];
};

/** How often an optional option is filled in when nothing was given. */
const OPTIONAL_SHARE = 0.5;

/**
 * The `options` of a chat input command's interaction data, as a user would fill them in: a subcommand
 * (of a group) when the command has them, every required option, about half of the optional ones, values
 * within the option's choices, lengths and bounds. Given values are checked against the definitions.
 * Throws {@link VirtualUserError} when something given does not fit, or a required option cannot be
 * filled (an attachment).
 */
export function commandOptions(
  name: string,
  definitions: readonly APIApplicationCommandOption[] | undefined,
  targets: Targets,
  given: GivenOptions = {},
): DataOption[] {
  const defs = (definitions ?? []) as Definition[];
  const path = given.subcommand?.trim().split(/\s+/).filter(Boolean) ?? [];
  return chooseLevel(`/${name}`, defs, targets, path, given.options ?? {});
}

function chooseLevel(
  label: string,
  defs: Definition[],
  targets: Targets,
  path: string[],
  given: Record<string, string | number | boolean>,
): DataOption[] {
  const nested = defs.filter((d) => d.type === T.Subcommand || d.type === T.SubcommandGroup);
  if (nested.length === 0) {
    if (path.length > 0) throw new VirtualUserError(`${label} has no subcommand "${path.join(' ')}"`);
    return leafOptions(label, defs, targets, given);
  }
  const [wanted, ...rest] = path;
  const chosen = wanted ? nested.find((d) => d.name === wanted) : nested[Math.floor(targets.uniform() * nested.length)];
  if (!chosen)
    throw new VirtualUserError(
      `${label} has no subcommand "${wanted}"; it has: ${nested.map((d) => d.name).join(', ')}`,
    );
  const options = chooseLevel(`${label} ${chosen.name}`, chosen.options ?? [], targets, rest, given);
  return [{ type: chosen.type, name: chosen.name, options } as DataOption];
}

function leafOptions(
  label: string,
  defs: Definition[],
  targets: Targets,
  given: Record<string, string | number | boolean>,
): DataOption[] {
  for (const key of Object.keys(given))
    if (!defs.some((d) => d.name === key))
      throw new VirtualUserError(
        `${label} has no option "${key}"; its options are: ${defs.map((d) => d.name).join(', ') || 'none'}`,
      );
  const out: DataOption[] = [];
  for (const def of defs) {
    const value = Object.hasOwn(given, def.name)
      ? givenValue(label, def, given[def.name] as string | number | boolean, targets)
      : def.required || targets.uniform() < OPTIONAL_SHARE
        ? pickedValue(def, targets)
        : undefined;
    if (value === undefined) {
      if (def.required) throw new VirtualUserError(`${label}: cannot fill the required option "${def.name}"`);
      continue;
    }
    out.push({ type: def.type, name: def.name, value } as DataOption);
  }
  return out;
}

function pickedValue(def: Definition, t: Targets): string | number | boolean | undefined {
  if (def.choices && def.choices.length > 0) return def.choices[Math.floor(t.uniform() * def.choices.length)]?.value;
  switch (def.type) {
    case T.String:
      return t.text(def.min_length ?? 1, def.max_length ?? 100, false);
    case T.Integer: {
      const [min, max] = bounds(def);
      return Math.ceil(min) + Math.floor(t.uniform() * (Math.floor(max) - Math.ceil(min) + 1));
    }
    case T.Number: {
      const [min, max] = bounds(def);
      return Math.round((min + t.uniform() * (max - min)) * 100) / 100;
    }
    case T.Boolean:
      return t.uniform() < 0.5;
    case T.User:
      return t.member();
    case T.Channel:
      return t.channel(def.channel_types);
    case T.Role:
      return t.role();
    case T.Mentionable:
      return t.uniform() < 0.7 ? t.member() : t.role();
    default:
      // Attachments would need an upload; a virtual user leaves them out.
      return undefined;
  }
}

function givenValue(label: string, def: Definition, value: string | number | boolean, t: Targets) {
  const wrong = (what: string) => new VirtualUserError(`${label}: option "${def.name}" ${what}`);
  if (def.choices && def.choices.length > 0 && !def.choices.some((c) => c.value === value))
    throw wrong(`must be one of ${def.choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
  switch (def.type) {
    case T.String:
      if (typeof value !== 'string') throw wrong('takes a string');
      return value;
    case T.Integer:
    case T.Number: {
      if (typeof value !== 'number' || (def.type === T.Integer && !Number.isInteger(value)))
        throw wrong(def.type === T.Integer ? 'takes an integer' : 'takes a number');
      const [min, max] = bounds(def);
      if (value < min || value > max) throw wrong(`must be between ${min} and ${max}`);
      return value;
    }
    case T.Boolean:
      if (typeof value !== 'boolean') throw wrong('takes true or false');
      return value;
    case T.User:
    case T.Channel:
    case T.Role:
    case T.Mentionable: {
      const id = String(value);
      const found = resolveId(def, id, t);
      if (found === undefined) throw wrong(`names no ${T[def.type].toLowerCase()} of the guild that fits: ${id}`);
      return found;
    }
    default:
      throw wrong('cannot be given (attachments need an upload)');
  }
}

/** The member, channel or role an id option names, resolved; undefined when the guild has none that fits. */
function resolveId(def: Definition, id: string, t: Targets): string | undefined {
  if (def.type === T.User) return t.member(id);
  if (def.type === T.Channel) return t.channel(def.channel_types, id);
  if (def.type === T.Role) return t.role(id);
  return t.member(id) ?? t.role(id);
}

/** The option's bounds, or 0 to 100 above its minimum when it has none. */
function bounds(def: Definition): [number, number] {
  const min = def.min_value ?? (def.max_value !== undefined ? Math.min(0, def.max_value) : 0);
  const max = def.max_value ?? min + 100;
  return [min, max];
}
