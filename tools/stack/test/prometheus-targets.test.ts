import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePrometheusTargets } from '../src/prometheus-targets.js';

describe('writePrometheusTargets', () => {
  it('writes one file_sd group per service with its job name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'targets-'));
    const file = join(dir, 'nested', 'targets.json');
    writePrometheusTargets(file, [{ name: '@platform/stats', port: 8103 }]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([{ targets: ['127.0.0.1:8103'], labels: { job: 'stats' } }]);
    rmSync(dir, { recursive: true });
  });
});
