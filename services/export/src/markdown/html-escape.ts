const special = /[&<>"']/;
const specials = /[&<>"']/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML, both between tags and inside a quoted attribute: nothing a message,
 * a name or an embed carries can open an element or leave an attribute.
 */
export function escapeHtml(text: string): string {
  // Most text has nothing to replace; testing first spares building a new string for it.
  return special.test(text) ? text.replace(specials, (character) => entities[character] as string) : text;
}
