import { ButtonStyle, type ChannelType, ComponentType } from 'discord-api-types/v10';
import type { Targets } from './interaction-targets.js';
import { VirtualUserError } from './virtual-user-error.js';

/** A component of a message a user can use: a button with a custom id, or a select menu. */
export interface UsableComponent {
  type: ComponentType;
  custom_id: string;
  options?: { value: string }[];
  min_values?: number;
  max_values?: number;
  channel_types?: ChannelType[];
}

/** `data` of a MESSAGE_COMPONENT interaction, without `resolved` (the targets collect it). */
export interface ComponentUse {
  custom_id: string;
  component_type: ComponentType;
  values?: string[];
}

const SELECTS = new Set<number>([
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
]);

/**
 * The usable components of a message, in reading order, wherever they sit: action rows, and the
 * sections (accessories) and containers of components v2. Link and premium buttons open something
 * outside the bot and send no interaction; disabled components cannot be used.
 */
export function usableComponents(components: readonly unknown[] | undefined): UsableComponent[] {
  const out: UsableComponent[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const c = node as UsableComponent & {
      disabled?: boolean;
      style?: number;
      components?: unknown[];
      accessory?: unknown;
      component?: unknown;
    };
    const usable =
      typeof c.custom_id === 'string' &&
      c.disabled !== true &&
      ((c.type === ComponentType.Button && c.style !== ButtonStyle.Link && c.style !== ButtonStyle.Premium) ||
        SELECTS.has(c.type));
    if (usable) out.push(c);
    for (const child of c.components ?? []) visit(child);
    visit(c.accessory);
    visit(c.component);
  };
  for (const component of components ?? []) visit(component);
  return out;
}

/**
 * What a user does with one component of a message: the component named `customId` (a random usable one
 * without it), with `values` for a select (chosen within its options and bounds without them).
 */
export function componentUse(
  components: readonly unknown[] | undefined,
  targets: Targets,
  customId?: string,
  values?: readonly string[],
): ComponentUse {
  const usable = usableComponents(components);
  const component = customId
    ? usable.find((c) => c.custom_id === customId)
    : usable[Math.floor(targets.uniform() * usable.length)];
  if (!component) {
    const known = usable.map((c) => c.custom_id).join(', ') || 'none';
    throw new VirtualUserError(
      customId
        ? `the message has no usable component "${customId}"; usable: ${known}`
        : 'the message has no usable component',
    );
  }
  const use: ComponentUse = { custom_id: component.custom_id, component_type: component.type };
  if (component.type !== ComponentType.Button) use.values = selectValues(component, targets, values);
  return use;
}

/** Values of a select: given ones checked against its options and bounds, or a fitting random choice. */
export function selectValues(
  component: Pick<UsableComponent, 'type' | 'custom_id' | 'options' | 'min_values' | 'max_values' | 'channel_types'>,
  targets: Targets,
  given?: readonly string[],
): string[] {
  const min = component.min_values ?? 1;
  const max = component.max_values ?? 1;
  if (given) {
    if (given.length < min || given.length > max)
      throw new VirtualUserError(`select "${component.custom_id}" takes ${min} to ${max} values, not ${given.length}`);
    return given.map((value) => checkedValue(component, targets, value));
  }
  const count = min + Math.floor(targets.uniform() * (max - min + 1));
  const values = new Set<string>();
  for (let tries = 0; values.size < count && tries < count * 4; tries++) {
    const value = pickedValue(component, targets);
    if (value !== undefined) values.add(value);
  }
  return [...values];
}

function pickedValue(component: Pick<UsableComponent, 'type' | 'options' | 'channel_types'>, t: Targets) {
  switch (component.type) {
    case ComponentType.StringSelect: {
      const options = component.options ?? [];
      return options[Math.floor(t.uniform() * options.length)]?.value;
    }
    case ComponentType.UserSelect:
      return t.member();
    case ComponentType.RoleSelect:
      return t.role();
    case ComponentType.ChannelSelect:
      return t.channel(component.channel_types);
    default:
      return t.uniform() < 0.7 ? t.member() : t.role();
  }
}

function checkedValue(
  component: Pick<UsableComponent, 'type' | 'custom_id' | 'options' | 'channel_types'>,
  t: Targets,
  value: string,
): string {
  let ok: string | undefined;
  if (component.type === ComponentType.StringSelect)
    ok = component.options?.some((o) => o.value === value) ? value : undefined;
  else if (component.type === ComponentType.UserSelect) ok = t.member(value);
  else if (component.type === ComponentType.RoleSelect) ok = t.role(value);
  else if (component.type === ComponentType.ChannelSelect) ok = t.channel(component.channel_types, value);
  else ok = t.member(value) ?? t.role(value);
  if (ok === undefined) {
    const options = component.options?.map((o) => o.value).join(', ');
    throw new VirtualUserError(
      `select "${component.custom_id}" has no value "${value}"${options ? `; its options: ${options}` : ''}`,
    );
  }
  return ok;
}
