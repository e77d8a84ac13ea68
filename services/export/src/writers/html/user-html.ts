import { colorAttribute } from '../../markdown/css-color.js';
import { escapeHtml } from '../../markdown/html-escape.js';
import type { ExportUser } from '../../model/export-document.js';
import { fullName } from '../full-name.js';

/** The name DCE shows for a user: a bot's own name, anyone else's nickname in the guild. */
export function displayName(user: ExportUser): string {
  return user.isBot ? user.name : user.nickname;
}

/** The attributes of a user's shown name: their full name as its title and their role colour. */
export function userNameAttributes(user: ExportUser): string {
  return ` title="${escapeHtml(fullName(user))}"${colorAttribute(user.color)} data-user-id="${escapeHtml(user.id)}"`;
}
