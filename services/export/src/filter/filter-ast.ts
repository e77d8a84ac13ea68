/** What `has:` can ask for, in the order DCE's grammar tries them. */
export const HAS_KINDS = ['link', 'embed', 'file', 'video', 'image', 'sound', 'pin', 'invite'] as const;
export type HasKind = (typeof HAS_KINDS)[number];

/**
 * A parsed filter. `|`, `&` and the implicit space-and are one left-associative level, so the tree's
 * shape is the grouping DCE evaluates (`a | b c` is `and(or(a, b), c)`).
 */
export type FilterNode =
  /** A plain word or quoted phrase, matched as a whole word in the content and the embeds. */
  | { kind: 'contains'; text: string }
  | { kind: 'from'; value: string }
  | { kind: 'mentions'; value: string }
  | { kind: 'reaction'; value: string }
  | { kind: 'has'; what: HasKind }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode };
