import {
  type APIApplicationCommandInteractionDataOption,
  ApplicationCommandOptionType as T,
} from 'discord-api-types/v10';
import { InvalidOptionError } from '../window/invalid-option-error.js';
import type { LookbackInput } from '../window/lookback.js';

type OptionValue = string | number | boolean;

/**
 * The options of one chat input command, read by name and type. An interaction is only data: a value of
 * the wrong type (a client that ignored the definition) is an {@link InvalidOptionError}, not a crash.
 */
export class CommandOptions {
  /** `timezone`, or `group sub`; null for a command without subcommands. */
  readonly subcommand: string | null;
  readonly #values: Map<string, { type: number; value: OptionValue }>;

  constructor(options: readonly APIApplicationCommandInteractionDataOption[] | undefined) {
    const path: string[] = [];
    let level = options ?? [];
    for (;;) {
      const nested = level.find((o) => o.type === T.Subcommand || o.type === T.SubcommandGroup);
      if (!nested) break;
      path.push(nested.name);
      level = 'options' in nested ? ((nested.options ?? []) as APIApplicationCommandInteractionDataOption[]) : [];
    }
    this.subcommand = path.length > 0 ? path.join(' ') : null;
    this.#values = new Map();
    for (const option of level)
      if ('value' in option) this.#values.set(option.name, { type: option.type, value: option.value as OptionValue });
  }

  integer(name: string): number | undefined {
    const value = this.#get(name, [T.Integer, T.Number]);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new InvalidOptionError(name, `${name} must be a whole number.`);
    return value;
  }

  string(name: string): string | undefined {
    const value = this.#get(name, [T.String]);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new InvalidOptionError(name, `${name} must be text.`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.#get(name, [T.Boolean]);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw new InvalidOptionError(name, `${name} must be true or false.`);
    return value;
  }

  /** The id a user, channel, role or mentionable option carries. */
  id(name: string): string | undefined {
    const value = this.#get(name, [T.User, T.Channel, T.Role, T.Mentionable]);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^\d{1,20}$/.test(value))
      throw new InvalidOptionError(name, `${name} is not an id.`);
    return value;
  }

  /** One of `allowed`, or undefined when not given. */
  choice<C extends string>(name: string, allowed: readonly C[]): C | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value))
      throw new InvalidOptionError(name, `${name} must be one of ${allowed.join(', ')}, not "${value}".`);
    return value as C;
  }

  /** The `days`, `since` and `all` options. */
  lookback(): LookbackInput {
    return { days: this.integer('days'), since: this.string('since'), all: this.boolean('all') };
  }

  #get(name: string, types: number[]): OptionValue | undefined {
    const option = this.#values.get(name);
    if (!option) return undefined;
    if (!types.includes(option.type)) throw new InvalidOptionError(name, `${name} has the wrong type.`);
    return option.value;
  }
}
