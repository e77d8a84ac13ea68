import { REST } from '@discordjs/rest';
import { createDiscordRest } from '@platform/discord';

/** How to reach Discord for an export. */
export type ExportRestTarget =
  /** Through rest-proxy, which rate-limits for every service at once (the export service). */
  | { via: 'proxy'; apiUrl: string; token: string }
  /**
   * Straight to Discord (or the simulator: `apiUrl: <url>/api`), limiting itself from Discord's
   * headers, for the standalone CLI. `apiUrl` defaults to Discord's.
   */
  | { via: 'direct'; token: string; apiUrl?: string };

/** The `@discordjs/rest` client an export talks to Discord through. */
export function createExportRest(target: ExportRestTarget): REST {
  if (target.via === 'proxy') return createDiscordRest({ apiUrl: target.apiUrl, token: target.token });
  return new REST({ version: '10', ...(target.apiUrl === undefined ? {} : { api: target.apiUrl }) }).setToken(
    target.token,
  );
}
