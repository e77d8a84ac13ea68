import { processIo } from './cli-io.js';
import { runCli } from './main.js';

// Ctrl+C (or SIGTERM) stops the exports at their next message with their checkpoints kept; a second one quits at once.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error(`Stopped by ${signal}`));
  });
}

const code = await runCli(process.argv.slice(2), processIo(controller.signal));
// The REST client keeps timers; the run is over, and stdout and stderr are written synchronously.
process.exit(code);
