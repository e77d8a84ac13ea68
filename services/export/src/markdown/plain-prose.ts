/**
 * Letters, digits, spaces and punctuation no rule starts with: text the parser would return as
 * one text node, with no mention or emoji in it. Most chat is such prose, and skipping the parser
 * for it makes a message several times cheaper.
 */
const prose = /^[\p{L}\p{M}\p{N}\p{Zs}.,!?'"%$=+;&/()]*$/u;
/** The one block rule prose can start: a numbered list, `1. item`. */
const numberedItem = /^\p{Zs}*\d{1,9}\./u;
/** The marks that make a keycap emoji of a digit (1️⃣), which the emoji rule picks out. */
const keycap = /[\uFE0F\u20E3]/;

/** Whether `text` would parse to itself alone, so it needs escaping and nothing else. */
export const isPlainProse = (text: string): boolean =>
  prose.test(text) && !numberedItem.test(text) && !keycap.test(text);
