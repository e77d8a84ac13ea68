import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Dashboard, DashboardError, panelQueries, readDashboards } from '../src/dashboard-queries.js';
import { declaredMetrics, exposureProblem } from '../src/declared-metrics.js';
import { fillQuery, type QueryScope, relativeTime, UnknownQueryMacroError } from '../src/grafana-query-text.js';
import { metricsOf } from '../src/rule-metrics.js';

const root = resolve(import.meta.dirname, '../../..');
const dashboards = readDashboards(join(root, 'grafana/dashboards'));
const declared = declaredMetrics(root);

/** A scope for a dashboard's queries: its default range at a fixed instant, every variable set to 1. */
function scopeOf(dashboard: Dashboard): QueryScope {
  const now = new Date('2026-12-01T12:00:00Z');
  return {
    from: relativeTime(dashboard.time.from, now),
    to: now,
    rateInterval: '20s',
    interval: '5s',
    variables: Object.fromEntries(dashboard.variables.map((v) => [v.name, '1'])),
  };
}

describe('Grafana dashboards', () => {
  it('each has its own uid and names only provisioned data sources', () => {
    const provisioned = parse(readFileSync(join(root, 'grafana/provisioning/datasources/datasources.yml'), 'utf8')) as {
      datasources: { uid: string }[];
    };
    expect(provisioned.datasources.map((d) => d.uid).sort()).toEqual(['postgres', 'prometheus']);
    const uids = dashboards.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    // panelQueries throws on a data source that is not provisioned.
    for (const dashboard of dashboards) expect(panelQueries(dashboard).length, dashboard.file).toBeGreaterThan(0);
  });

  it('reads only metrics the services declare, histograms through their series', () => {
    for (const dashboard of dashboards) {
      for (const query of panelQueries(dashboard).filter((q) => q.kind === 'prometheus')) {
        for (const series of metricsOf(fillQuery(query.text, scopeOf(dashboard)))) {
          expect(exposureProblem(series, declared), `${dashboard.file} "${query.panel}"`).toBeNull();
        }
      }
    }
  });

  it('catches a histogram read as a gauge and a name nobody declares, so the check above can fail', () => {
    expect(declared.get('gateway_ingest_heartbeat_latency_seconds')).toBe('histogram');
    expect(exposureProblem('gateway_ingest_heartbeat_latency_seconds', declared)).toMatch(/_bucket/);
    expect(exposureProblem('gateway_ingest_heartbeat_latency_seconds_bucket', declared)).toBeNull();
    expect(exposureProblem('bus_consumer_pending_bucket', declared)).toMatch(/gauge/);
    expect(exposureProblem('stats_messages_typo_total', declared)).toMatch(/not declared/);
  });

  it('uses only macros and variables the live check can fill in', () => {
    for (const dashboard of dashboards) {
      for (const query of panelQueries(dashboard)) expect(fillQuery(query.text, scopeOf(dashboard))).not.toContain('$');
    }
  });

  it('fills Grafana macros as its server does, and refuses unknown ones', () => {
    const scope = {
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
      rateInterval: '20s',
      interval: '5s',
      variables: { guild: '42' },
    };
    expect(fillQuery('WHERE guild_id = $guild AND $__timeFilter(start)', scope)).toBe(
      "WHERE guild_id = 42 AND start BETWEEN '2026-12-01T00:00:00.000Z' AND '2026-12-02T00:00:00.000Z'",
    );
    expect(fillQuery('rate(x_total[$__rate_interval])', scope)).toBe('rate(x_total[20s])');
    expect(() => fillQuery('$__unixEpochFilter(t)', scope)).toThrow(UnknownQueryMacroError);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${variable} form, not a template literal
    expect(() => fillQuery('${missing}', scope)).toThrow(UnknownQueryMacroError);
    expect(relativeTime('now-7d', scope.to).toISOString()).toBe('2026-11-25T00:00:00.000Z');
  });

  it('refuses a panel without a query or with an unknown data source', () => {
    const base: Dashboard = {
      file: 'x.json',
      uid: 'x',
      title: 'x',
      time: { from: 'now-1h', to: 'now' },
      variables: [],
      panels: [],
    };
    expect(() => panelQueries({ ...base, panels: [{ title: 'empty', type: 'timeseries', targets: [] }] })).toThrow(
      DashboardError,
    );
    expect(() =>
      panelQueries({
        ...base,
        panels: [
          { title: 'p', type: 'timeseries', datasource: { uid: 'loki' }, targets: [{ refId: 'A', expr: 'up' }] },
        ],
      }),
    ).toThrow(/loki/);
  });
});
