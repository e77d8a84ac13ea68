/** DCE's default locale: the machine's (its current culture), when `--locale` is not given. */
export function defaultLocale(env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = (env.LC_ALL || env.LC_TIME || env.LANG || '').split('.')[0]?.replace('_', '-');
  if (fromEnv && fromEnv !== 'C' && fromEnv !== 'POSIX') {
    try {
      const [canonical] = Intl.getCanonicalLocales(fromEnv);
      if (canonical) return canonical;
    } catch {
      // Not a BCP 47 tag: fall back to what the runtime resolves.
    }
  }
  return Intl.DateTimeFormat().resolvedOptions().locale || 'en-US';
}
