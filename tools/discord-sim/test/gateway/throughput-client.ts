// Entry of the counting client's own process (see src/load/load-process.ts): argv is one JSON job.
import { runLoadProcess } from '../../src/load/load-process.js';

await runLoadProcess(process.argv.slice(2));
process.exit(0);
