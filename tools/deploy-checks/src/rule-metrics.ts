/**
 * The metric names a PromQL expression reads: identifiers followed by `{`, `[`, `)`, whitespace or the end,
 * minus PromQL's own words. Good enough for the platform's rules, which name every metric in full.
 */
export function metricsOf(expr: string): string[] {
  const words = new Set([
    'and',
    'or',
    'unless',
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'bool',
    'offset',
  ]);
  const names = new Set<string>();
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutMatchers = withoutStrings
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '');
  for (const match of withoutMatchers.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)) {
    const name = match[1] as string;
    if (!words.has(name) && !/^\d/.test(name) && name.includes('_')) names.add(name);
  }
  return [...names];
}
