import type { ExportFormat } from '../writers/message-writer.js';

/** Each format's file extension (DCE's ExportFormat.GetFileExtension); both HTML themes write .html. */
const EXTENSIONS: Record<ExportFormat, string> = {
  HtmlDark: 'html',
  HtmlLight: 'html',
  PlainText: 'txt',
  Json: 'json',
  Csv: 'csv',
};

/** The `--format` values, HtmlDark (the default) first. */
export const EXPORT_FORMATS = Object.keys(EXTENSIONS) as readonly ExportFormat[];

export function formatExtension(format: ExportFormat): string {
  return EXTENSIONS[format];
}

/** A format named in any case (`json`, `htmldark`), as DCE's option binding accepts it. */
export function findExportFormat(name: string): ExportFormat | undefined {
  const lower = name.trim().toLowerCase();
  return EXPORT_FORMATS.find((format) => format.toLowerCase() === lower);
}
