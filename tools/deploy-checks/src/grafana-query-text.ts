/** What Grafana fills into a query before sending it: the time range, the intervals and the variables. */
export interface QueryScope {
  /** The dashboard's range, as instants. */
  from: Date;
  to: Date;
  /** `$__rate_interval` and `$__interval`, as PromQL durations. */
  rateInterval: string;
  interval: string;
  /** Template variables by name, each with the value chosen. */
  variables: Readonly<Record<string, string>>;
}

/** A query uses a macro or variable the check cannot fill in, so it could not be evaluated as Grafana would. */
export class UnknownQueryMacroError extends Error {
  constructor(readonly macro: string) {
    super(`${macro} is not a macro or variable the dashboards check knows; add it to grafana-query-text.ts`);
    this.name = 'UnknownQueryMacroError';
  }
}

const sqlInstant = (date: Date) => `'${date.toISOString()}'`;
const seconds = (from: Date, to: Date) => `${Math.max(1, Math.round((to.getTime() - from.getTime()) / 1000))}s`;

/**
 * The query as Grafana's server would send it for `scope`: the Prometheus interval variables and the
 * PostgreSQL macros the dashboards use (`$__timeFilter(column)`, `$__timeFrom()`, `$__timeTo()`), then
 * `$name` and `${name}` variables. Anything else starting with `$` is refused rather than sent half-filled.
 */
export function fillQuery(text: string, scope: QueryScope): string {
  const filled = text
    .replace(/\$__timeFilter\(([^)]+)\)/g, (_, column: string) => {
      return `${column.trim()} BETWEEN ${sqlInstant(scope.from)} AND ${sqlInstant(scope.to)}`;
    })
    .replace(/\$__timeFrom\(\)/g, sqlInstant(scope.from))
    .replace(/\$__timeTo\(\)/g, sqlInstant(scope.to))
    .replace(/\$__rate_interval\b/g, scope.rateInterval)
    .replace(/\$__interval\b/g, scope.interval)
    .replace(/\$__range\b/g, seconds(scope.from, scope.to))
    .replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
      const name = (braced ?? bare) as string;
      const value = scope.variables[name];
      if (value === undefined) throw new UnknownQueryMacroError(whole);
      return value;
    });
  return filled;
}

/** Grafana's relative time (`now`, `now-6h`, `now-7d`) at `now`. */
export function relativeTime(text: string, now: Date): Date {
  if (text === 'now') return now;
  const match = /^now-(\d+)([smhdw])$/.exec(text);
  if (!match) throw new UnknownQueryMacroError(`time ${text}`);
  const unit = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return new Date(now.getTime() - Number(match[1]) * unit * 1000);
}
