/**
 * Names of the route parameters that form the major parameter, the part of a limit's identity taken from
 * the path. Only top-level resources count (the first path segment): a channel, a guild, or a webhook with
 * its token when the path carries one. Interaction callbacks carry their interaction like a webhook carries
 * its token, so each interaction is limited on its own.
 */
export function majorParameterNames(template: string): readonly string[] {
  if (template.startsWith('/channels/:channel_id')) return ['channel_id'];
  if (template.startsWith('/guilds/:guild_id')) return ['guild_id'];
  if (template.startsWith('/webhooks/:webhook_id/:webhook_token')) return ['webhook_id', 'webhook_token'];
  if (template.startsWith('/webhooks/:webhook_id')) return ['webhook_id'];
  if (template.startsWith('/interactions/:interaction_id/:interaction_token')) {
    return ['interaction_id', 'interaction_token'];
  }
  return [];
}

/** The major parameter of one request: the values of `names` joined by `/`, or `''` when the route has none. */
export function majorParameter(names: readonly string[], params: Readonly<Record<string, string | undefined>>): string {
  if (names.length === 0) return '';
  if (names.length === 1) return params[names[0] as string] ?? '';
  return names.map((name) => params[name] ?? '').join('/');
}

/**
 * Whether the route is exempt from the global limit: interaction callbacks and routes authorised by a
 * webhook token in the path, as Discord documents.
 */
export function isGlobalExempt(template: string): boolean {
  return template.startsWith('/interactions/') || template.startsWith('/webhooks/:webhook_id/:webhook_token');
}
