import type { MessageBounds } from '../render/message-bounds.js';
import type { ExportOptions } from './export-options.js';

/** `--after`/`--before` of the request as the engine and the listing take them. */
export function boundsOf(options: Pick<ExportOptions, 'after' | 'before'>): MessageBounds {
  return {
    ...(options.after === undefined ? {} : { after: options.after }),
    ...(options.before === undefined ? {} : { before: options.before }),
  };
}
