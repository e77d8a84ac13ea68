import { basename, dirname, join } from 'node:path';

/**
 * The files of one target's state, in one folder. The default folder is beside the first output,
 * `.<file name>.export/` (`out/general.json` keeps `out/.general.json.export/`), so the state moves
 * with the archive and two targets in one folder do not share it.
 */
export interface ExportStatePaths {
  dir: string;
  /** The interrupted run's position, rewritten atomically; gone once a run completes. */
  checkpoint: string;
  /** The messages the run's files hold, one JSON line each. Kept between `append` runs. */
  journal: string;
  /** Where the next incremental run starts (`cursor.json`). */
  cursor: string;
}

export function exportStatePaths(firstOutput: string, stateDir?: string): ExportStatePaths {
  const dir = stateDir ?? join(dirname(firstOutput), `.${basename(firstOutput)}.export`);
  return {
    dir,
    checkpoint: join(dir, 'checkpoint.json'),
    journal: join(dir, 'journal.ndjson'),
    cursor: join(dir, 'cursor.json'),
  };
}
