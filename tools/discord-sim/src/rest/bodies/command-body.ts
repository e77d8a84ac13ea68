import { ApplicationCommandType } from 'discord-api-types/v10';
import { z } from 'zod';

/** Names of chat input commands: lower case, 1 to 32 characters, as Discord's regex allows. */
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** The fields of a command as a client sends them, all checked for type and size. */
const commandFields = z.looseObject({
  name: z.string().min(1).max(32),
  description: z.string().max(100),
  options: z.array(z.looseObject({})).max(25).optional(),
  name_localizations: z.record(z.string(), z.string()).nullable().optional(),
  description_localizations: z.record(z.string(), z.string()).nullable().optional(),
  default_member_permissions: z.string().regex(/^\d+$/).nullable().optional(),
  dm_permission: z.boolean().nullable().optional(),
  contexts: z.array(z.number().int()).nullable().optional(),
  integration_types: z.array(z.number().int()).optional(),
  nsfw: z.boolean().optional(),
});

/** JSON of an application command create, edit, or one entry of a bulk overwrite. */
export const commandBody = commandFields
  .extend({
    type: z.enum(ApplicationCommandType).default(ApplicationCommandType.ChatInput),
    description: commandFields.shape.description.default(''),
  })
  .superRefine((command, ctx) => {
    if (command.type !== ApplicationCommandType.ChatInput) return;
    if (!CHAT_INPUT_NAME.test(command.name) || command.name !== command.name.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Command name is invalid' });
    }
    if (command.description.length === 0) {
      ctx.addIssue({ code: 'too_small', origin: 'string', minimum: 1, inclusive: true, path: ['description'] });
    }
  });
export type CommandBody = z.output<typeof commandBody>;

/** JSON of a bulk overwrite: the complete list of commands. */
export const commandListBody = z.array(commandBody).max(200);

/** JSON of a command edit: every field optional. */
export const commandPatchBody = commandFields.partial();
