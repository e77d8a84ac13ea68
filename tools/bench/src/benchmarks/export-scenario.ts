import { createSimulator, type RateLimitOptions, type ScenarioInput, type Simulator } from '@platform/discord-sim';

/** The one channel every export run reads: its guild, its id and how many messages it holds. */
export interface ExportTarget {
  guildId: string;
  channelId: string;
  messages: number;
}

/**
 * One guild with one text channel of `history` generated messages (replies, mentions, embeds,
 * attachments, reactions and system messages in the simulator's usual mix) over two years,
 * written by a thousand members with roles.
 */
export function exportScenario(history: number): ScenarioInput {
  return {
    name: `export-${history}`,
    seed: 77,
    bots: ['Exporter'],
    users: 1_200,
    historyDays: 730,
    guilds: [
      {
        name: 'Export Bench',
        members: 1_000,
        roles: [
          { name: 'Moderators', color: 0xe74c3c, hoist: true, staff: true },
          { name: 'Regulars', color: 0x3498db, hoist: true },
          { name: 'Artists', color: 0x9b59b6 },
        ],
        channels: [{ name: 'archive', category: 'Chat', history }],
      },
    ],
  };
}

/**
 * A simulator serving {@link exportScenario} from this process, with no live traffic (the channel
 * holds only its history), closed afterwards. `limits` as the simulator takes them: Discord's
 * defaults when omitted, `{ enabled: false }` for none.
 */
export async function withExportSimulator<T>(
  history: number,
  limits: RateLimitOptions | undefined,
  run: (sim: Simulator, target: ExportTarget) => Promise<T>,
): Promise<T> {
  const sim = await createSimulator({
    scenario: exportScenario(history),
    ...(limits ? { limits } : {}),
    traffic: { autostart: false },
  });
  try {
    const guildId = sim.world.guildIds()[0] as string;
    const channel = sim.world.channels(guildId).find((c) => c.name === 'archive');
    if (!channel) throw new Error('the export scenario has no #archive channel');
    return await run(sim, { guildId, channelId: channel.id, messages: history });
  } finally {
    await sim.close();
  }
}
