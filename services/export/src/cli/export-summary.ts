import type { AssetWarning } from '../media/asset-downloader.js';

/** A channel's trouble, by the name DCE lists it under (`Category / channel`). */
export interface ChannelNote {
  channel: string;
  message: string;
}

export interface ExportOutcome {
  exported: number;
  warnings: readonly ChannelNote[];
  errors: readonly ChannelNote[];
  /** Media that could not be downloaded; the exports link to them remotely. */
  media: readonly AssetWarning[];
}

/** Media warnings listed one by one up to this many, then counted. */
const MEDIA_LISTED = 20;

/**
 * DCE's closing report: `Successfully exported N channel(s).`, then the channels with warnings and
 * those that failed, each with its reason; and ours, the media that could not be downloaded.
 */
export function exportSummary(outcome: ExportOutcome): string {
  let text = `Successfully exported ${outcome.exported} channel(s).\n`;
  const list = (title: string, notes: readonly ChannelNote[]) => {
    if (notes.length === 0) return;
    text += `\n${title}\n`;
    for (const note of notes) text += `${note.channel}: ${note.message}\n`;
  };
  list('Warnings reported for the following channel(s):', outcome.warnings);
  list('Failed to export the following channel(s):', outcome.errors);
  if (outcome.media.length > 0) {
    text += `\n${outcome.media.length} media file(s) could not be downloaded; the export links to them instead:\n`;
    for (const warning of outcome.media.slice(0, MEDIA_LISTED)) text += `${warning.url}: ${warning.message}\n`;
    if (outcome.media.length > MEDIA_LISTED) text += `… and ${outcome.media.length - MEDIA_LISTED} more\n`;
  }
  return text;
}
