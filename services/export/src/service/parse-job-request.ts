import {
  type ExportOptionIssue,
  type ExportOptions,
  ExportOptionsError,
  parseExportOptions,
} from '../options/export-options.js';
import { serviceOptionIssues } from './service-options.js';

export type ParsedJobRequest =
  | { ok: true; guildId: string; options: ExportOptions }
  | { ok: false; issues: ExportOptionIssue[] };

const GUILD_ID = /^\d{1,20}$/;

/**
 * An export request to the service: `guildId`, the guild the job is confined to, beside the export
 * options as the CLI takes them (`channels`, `formats`, `after`, `filter`…). Every bad field is listed.
 */
export function parseJobRequest(body: unknown): ParsedJobRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, issues: [{ field: '', message: 'expected a JSON object of export options and guildId' }] };
  }
  const { guildId, ...rest } = body as Record<string, unknown>;
  const issues: ExportOptionIssue[] = [];
  if (typeof guildId !== 'string' || !GUILD_ID.test(guildId)) {
    issues.push({ field: 'guildId', message: 'expected the id of the guild the channels are in: digits only' });
  }
  let options: ExportOptions | undefined;
  try {
    options = parseExportOptions(rest);
    issues.push(...serviceOptionIssues(options));
  } catch (error) {
    if (!(error instanceof ExportOptionsError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || !options || typeof guildId !== 'string') return { ok: false, issues };
  return { ok: true, guildId, options };
}
