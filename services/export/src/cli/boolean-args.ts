const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 'on', 'off', '1', '0']);

/**
 * DCE's boolean options take an optional value: `--media`, `--media true`, `--markdown false`. A
 * parser that lets such an option take the next word would read `render --reverse export.json` as
 * `--reverse=export.json`, so each of `names` is rewritten to `--name=value`: with the next word
 * when that is a boolean word, otherwise with `true`.
 */
export function normalizeBooleanArgs(args: readonly string[], names: ReadonlySet<string>): string[] {
  const result: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') {
      result.push(...args.slice(index));
      break;
    }
    if (!names.has(arg)) {
      result.push(arg);
      continue;
    }
    const next = args[index + 1];
    if (next !== undefined && BOOLEAN_WORDS.has(next.toLowerCase())) {
      result.push(`${arg}=${next}`);
      index++;
    } else {
      result.push(`${arg}=true`);
    }
  }
  return result;
}
