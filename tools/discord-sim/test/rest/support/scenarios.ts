import { namedScenarios, type ScenarioInput } from '../../../src/world/scenario.js';

const tiny = namedScenarios.tiny;
const [tinyGuild] = tiny.guilds;

/** `tiny` plus a text channel hidden from @everyone (and so from the bot), for 50001 Missing Access. */
export const tinyWithStaffChannel: ScenarioInput = {
  ...tiny,
  guilds: [{ ...tinyGuild, channels: [...tinyGuild.channels, { name: 'staff', history: 5, private: true }] }],
};
