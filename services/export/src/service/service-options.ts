import { isAbsolute } from 'node:path';
import type { ExportOptionIssue, ExportOptions } from '../options/export-options.js';

/**
 * What the service refuses of otherwise valid export options. The output template is a path inside the
 * job's own folder, so it may not be absolute nor climb out of it; media downloads are the CLI's only.
 */
export function serviceOptionIssues(options: ExportOptions): ExportOptionIssue[] {
  const issues: ExportOptionIssue[] = [];
  if (isAbsolute(options.output) || options.output.split(/[\\/]/).includes('..')) {
    issues.push({
      field: 'output',
      message: 'expected a path inside the export, such as %G/%C/ or archive.html: no leading / and no ..',
    });
  }
  if (options.media) {
    issues.push({ field: 'media', message: 'media downloads are offered by the CLI only; leave media off' });
  }
  return issues;
}
