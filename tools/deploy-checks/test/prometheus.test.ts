import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { declaredMetrics, exposureProblem } from '../src/declared-metrics.js';
import { promtool } from '../src/promtool.js';
import { metricsOf } from '../src/rule-metrics.js';

const root = resolve(import.meta.dirname, '../../..');
const prometheusDir = join(root, 'infra/prometheus');
const scratch = mkdtempSync(join(tmpdir(), 'deploy-checks-prometheus-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}

describe('Prometheus configuration and alert rules', () => {
  it('passes promtool check config for docker-compose (with its rule file)', () => {
    const result = promtool(['check', 'config', 'prometheus.yml'], prometheusDir);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok, result.output).toBe(true);
  });

  it('passes promtool check config for the local stack, its placeholders filled as up.sh fills them', () => {
    const targets = join(scratch, 'targets.json');
    writeFileSync(targets, '[]');
    const config = readFileSync(join(root, 'infra/local/prometheus.yml'), 'utf8')
      .replace('@TARGETS@', targets)
      .replace('@RULES@', join(prometheusDir, 'alerts.yml'));
    expect(config).not.toContain('@');
    writeFileSync(join(scratch, 'prometheus.yml'), config);
    const result = promtool(['check', 'config', join(scratch, 'prometheus.yml')]);
    expect(result.ok, result.output).toBe(true);
  });

  it('passes promtool check rules and its unit tests, each alert firing on the series that should raise it', () => {
    const check = promtool(['check', 'rules', 'alerts.yml'], prometheusDir);
    expect(check.ok, check.output).toBe(true);
    const test = promtool(['test', 'rules', 'alerts.test.yml'], prometheusDir);
    expect(test.ok, test.output).toBe(true);
  });

  it('refuses a rule that does not parse, so the checks above can fail', () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(
      broken,
      'groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: rate(bus_acked_total[5m]\n',
    );
    const result = promtool(['check', 'rules', broken]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/parse error|unclosed/i);
  });

  it('reads only metrics the services declare, and tests every alert', () => {
    const rules = parse(readFileSync(join(prometheusDir, 'alerts.yml'), 'utf8')) as RuleFile;
    const declared = declaredMetrics(root);
    expect(declared.get('bus_consumer_pending')).toBe('gauge');
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.length).toBeGreaterThan(0);
    for (const rule of alerts) {
      const metrics = metricsOf(rule.expr);
      expect(metrics.length, rule.alert).toBeGreaterThan(0);
      for (const metric of metrics) expect(exposureProblem(metric, declared), rule.alert).toBeNull();
    }
    expect(metricsOf('sum by (bot) (increase(rest_x_total{status="429"}[5m])) > 0 and up_y')).toEqual([
      'rest_x_total',
      'up_y',
    ]);
    const tests = parse(readFileSync(join(prometheusDir, 'alerts.test.yml'), 'utf8')) as {
      tests: Array<{ alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    const fired = new Set(
      tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)),
    );
    const untested = alerts.map((rule) => rule.alert).filter((name) => name && !fired.has(name));
    expect(untested, 'alerts without a test that fires them').toEqual([]);
  });
});
