import type { World } from '../world/world.js';

const PAGE = 100;

/**
 * Every message of a channel, oldest first, as JSON lines, one chunk per page of the world: a channel of
 * millions streams in constant memory, and messages posted meanwhile are included.
 */
export function* messageLines(world: World, channelId: string): Generator<string> {
  let after = '0';
  for (;;) {
    const page = world.messages(channelId, { after, limit: PAGE }).reverse();
    const last = page.at(-1);
    if (!last) return;
    yield `${page.map((message) => JSON.stringify(message)).join('\n')}\n`;
    if (page.length < PAGE) return;
    after = last.id;
  }
}
