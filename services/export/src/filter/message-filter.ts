import type { ExportMessage } from '../model/export-document.js';

/** Whether a message belongs in the export (`--filter`); reads only the DCE-shaped model. */
export type MessageFilter = (message: ExportMessage) => boolean;
