import type { ExportOptions } from '../options/export-options.js';
import type { MessageBounds } from '../render/message-bounds.js';

/** `--after`/`--before` of the request as the engine and the listing take them. */
export function boundsOf(options: ExportOptions): MessageBounds {
  return {
    ...(options.after === undefined ? {} : { after: options.after }),
    ...(options.before === undefined ? {} : { before: options.before }),
  };
}
