import type { ExportUser } from '../model/export-document.js';

/** DCE's User.FullName: `name#1234`, or the name alone for an account without a discriminator ("0000"). */
export function fullName(user: Pick<ExportUser, 'name' | 'discriminator'>): string {
  return user.discriminator === '0000' || user.discriminator === '' ? user.name : `${user.name}#${user.discriminator}`;
}
