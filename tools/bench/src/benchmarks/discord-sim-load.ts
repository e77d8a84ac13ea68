// Entry of a load process of the discord-sim benchmark: argv is one JSON job (see runLoadProcess).
import { runLoadProcess } from '@platform/discord-sim';

await runLoadProcess(process.argv.slice(2));
process.exit(0);
