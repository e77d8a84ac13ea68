/** What a secret is replaced with, in logs and in error messages. */
export const REDACTED = '[redacted]';

/**
 * Each pattern with its replacement. Where a pattern captures context before the secret, it leads
 * with that literal context (`Bearer`, `/webhooks/`), which lets the regex engine skip ahead quickly.
 */
const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // Discord bot tokens (base64 user id, timestamp, HMAC); also catches JWT-shaped strings.
  [/(?<![\w-])[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g, REDACTED],
  // Authorization values. `Bot` alone is an ordinary word, so only a token-length value after it counts.
  [/(\bBearer\s+)[\w.~+/=-]+/gi, `$1${REDACTED}`],
  [/(\bBot\s+)[\w.-]{20,}/g, `$1${REDACTED}`],
  // Webhook and interaction tokens travel in URL paths: /webhooks/<id>/<token>, /interactions/<id>/<token>/callback.
  [/(\/(?:webhooks|interactions)\/\d+\/)[\w-]+/g, `$1${REDACTED}`],
  // Passwords in connection strings: postgres://user:password@host.
  [/(:\/\/[^\s:/@"]*:)[^\s@"/]+@/g, `$1${REDACTED}@`],
  // String values under secret-sounding keys anywhere in a JSON text, at any depth.
  [/("[^"]*(?:token|password|secret|authorization|cookie|api_?key)[^"]*"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${REDACTED}"`],
];

/**
 * Replaces anything that looks like a credential in `text`: Discord bot tokens, `Bot`/`Bearer`
 * authorization values, webhook and interaction tokens in URLs, passwords in connection strings,
 * and string values of JSON keys such as `token` or `authorization`.
 * The logger applies it to every line; use it too on text that leaves the process another way
 * (a dead letter's reason, an error shown to a user).
 */
export function scrubSecrets(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}
