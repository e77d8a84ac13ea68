import { ComponentType, TextInputStyle } from 'discord-api-types/v10';
import type { Targets } from './interaction-targets.js';
import { selectValues } from './message-components.js';
import { VirtualUserError } from './virtual-user-error.js';

/** A modal as the bot sent it in its callback's `data`. */
export interface ModalDefinition {
  custom_id: string;
  title?: string;
  components?: unknown[];
}

/** Answers a caller chose, by the field's custom id: text for text inputs, values for selects. */
export type ModalValues = Record<string, string | string[] | boolean>;

interface Field {
  type: number;
  id?: number;
  custom_id?: string;
  style?: number;
  required?: boolean;
  min_length?: number;
  max_length?: number;
  default?: boolean;
  options?: { value: string }[];
  min_values?: number;
  max_values?: number;
  components?: Field[];
  component?: Field;
}

/** How often a user leaves an optional field empty. */
const SKIP_OPTIONAL = 0.2;

/**
 * `data` of the MODAL_SUBMIT a user sends back for a modal: its rows of text inputs and its labels'
 * components filled in, within their lengths, options and bounds (given answers are used as they are, and
 * checked), in the shape Discord submits them. `resolved` is what the targets collected.
 */
export function modalSubmission(modal: ModalDefinition, targets: Targets, given: ModalValues = {}) {
  const known = new Set<string>();
  const components = ((modal.components ?? []) as Field[]).map((top) => {
    if (top.type === ComponentType.ActionRow)
      return {
        type: top.type,
        ...idOf(top),
        components: (top.components ?? []).map((f) => answer(f, targets, given, known)),
      };
    if (top.type === ComponentType.Label && top.component)
      return { type: top.type, ...idOf(top), component: answer(top.component, targets, given, known) };
    return { type: top.type, ...idOf(top) };
  });
  for (const key of Object.keys(given))
    if (!known.has(key))
      throw new VirtualUserError(`modal "${modal.custom_id}" has no field "${key}"; fields: ${[...known].join(', ')}`);
  return { custom_id: modal.custom_id, components };
}

function idOf(field: Field): { id?: number } {
  return field.id === undefined ? {} : { id: field.id };
}

function answer(field: Field, targets: Targets, given: ModalValues, known: Set<string>) {
  const customId = field.custom_id ?? '';
  known.add(customId);
  const base = { type: field.type, ...idOf(field), custom_id: customId };
  const chosen = given[customId];
  switch (field.type) {
    case ComponentType.TextInput:
      return { ...base, value: typeof chosen === 'string' ? chosen : text(field, targets) };
    case ComponentType.Checkbox:
      return { ...base, value: typeof chosen === 'boolean' ? chosen : targets.uniform() < 0.5 };
    case ComponentType.RadioGroup: {
      const options = field.options ?? [];
      const value =
        typeof chosen === 'string' ? chosen : options[Math.floor(targets.uniform() * options.length)]?.value;
      return { ...base, value: value ?? null };
    }
    case ComponentType.FileUpload:
      // A virtual user has nothing to upload.
      return { ...base, values: [] };
    case ComponentType.CheckboxGroup:
      return {
        ...base,
        values: Array.isArray(chosen)
          ? chosen
          : selectValues({ ...field, type: ComponentType.StringSelect, custom_id: customId }, targets),
      };
    default:
      return {
        ...base,
        values: selectValues(
          { ...field, custom_id: customId },
          targets,
          Array.isArray(chosen) ? chosen : typeof chosen === 'string' ? [chosen] : undefined,
        ),
      };
  }
}

function text(field: Field, targets: Targets): string {
  const required = field.required !== false;
  if (!required && targets.uniform() < SKIP_OPTIONAL) return '';
  const paragraph = field.style === TextInputStyle.Paragraph;
  return targets.text(field.min_length ?? (required ? 1 : 0), field.max_length ?? (paragraph ? 400 : 60), paragraph);
}
