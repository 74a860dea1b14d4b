// The SLO page's PromQL and rows, without Prometheus: syntax (Prometheus's own grammar), escaping, and that the
// raw expressions are the generator's (the page and the recording rules must measure the same thing).
import { describe, expect, it } from 'vitest';
import { parser } from '@prometheus-io/lezer-promql';
import { defaultSettings, generateSettingsSchema } from '@/lib/generate/settings';
import { SLO_RECORDS, sloRuleGroups } from '@/lib/generate/slo';
import type { Reporter } from '@/lib/generate/types';
import { emptyRegistry, type ApiEndpoint, type Registry } from '@/lib/registry/model';
import {
  batchedRawQuery,
  chartResolution,
  chunks,
  keyOfLabels,
  recordedErrorRatioQuery,
  recordedSelector,
  recordedSeriesQuery,
  ROW_LABEL,
} from '@/lib/slo/slo-queries';
import { measuredRow, sloTargets, sortRows, unmeasuredRow } from '@/lib/slo/slo-rows';

function syntaxErrors(expr: string): number {
  let errors = 0;
  parser.parse(expr).iterate({ enter: (n) => void (n.type.isError && errors++) });
  return errors;
}

const registry = (endpoints: ApiEndpoint[]): Registry => ({ ...emptyRegistry(), api_endpoints: endpoints });
const silent: Reporter = { skip: () => {}, note: () => {} };

describe('recorded mode', () => {
  it('selects one SLO by the labels the recording rules carry, escaped', () => {
    const key = { kind: 'availability' as const, method: 'GET', path: '/a"b\\c' };
    expect(recordedSelector(key)).toBe('{slo="availability", method="GET", path="/a\\"b\\\\c"}');
    expect(recordedSeriesQuery(key, '1h')).toBe(`slo:sli_error:ratio_rate1h${recordedSelector(key)}`);
    expect(syntaxErrors(recordedSeriesQuery(key, '1h'))).toBe(0);
  });

  it('reads all endpoints at once from the generator’s record names', () => {
    expect(recordedErrorRatioQuery('period')).toBe(SLO_RECORDS.periodErrorRatio);
    expect(recordedErrorRatioQuery('6h')).toBe(SLO_RECORDS.errorRatio('6h'));
  });

  it('keys a series by slo/method/path and ignores series without them', () => {
    expect(keyOfLabels({ slo: 'latency', method: 'POST', path: '/x', endpoint: 'POST /x' })).toEqual({ kind: 'latency', method: 'POST', path: '/x' });
    expect(keyOfLabels({ slo: 'other', method: 'GET', path: '/x' })).toBeNull();
    expect(keyOfLabels({ slo: 'availability', method: 'GET' })).toBeNull();
  });
});

describe('raw mode', () => {
  const endpoints: ApiEndpoint[] = [
    { method: 'GET', path: '/api/orders', critical: true, slo_availability: 99.5, slo_latency_ms: 250 },
    { method: 'POST', path: '/api/"quoted"', critical: false, slo_availability: 99.9 },
  ];

  it('uses the generator’s own raw expressions: the 5m rule’s expr is errorRatio("5m")', () => {
    const rules = sloRuleGroups(registry(endpoints), defaultSettings(), silent).flatMap((g) => g.rules);
    const targets = sloTargets(registry(endpoints), defaultSettings());
    expect(targets.map((t) => t.id)).toEqual(['availability POST /api/"quoted"', 'availability GET /api/orders', 'latency GET /api/orders']);
    for (const t of targets) {
      const rule = rules.find((r) => r.record === SLO_RECORDS.errorRatio('5m') && r.labels?.slo === t.kind && r.labels?.path === t.path);
      expect(t.slo!.errorRatio('5m')).toBe(rule!.expr);
      // and the whole period, which no rule reads raw
      expect(t.slo!.errorRatio('30d')).toBe(rule!.expr.replaceAll('[5m]', '[30d]'));
    }
  });

  it('batches several expressions into one valid query, each tagged with its row', () => {
    const targets = sloTargets(registry(endpoints), defaultSettings());
    const query = batchedRawQuery(targets.map((t, i) => ({ id: String(i), expr: t.slo!.errorRatio('30d') })));
    expect(syntaxErrors(query)).toBe(0);
    expect(query.match(/label_replace\(/g)).toHaveLength(3);
    expect(query).toContain(`"${ROW_LABEL}", "2", "", "")`);
    expect(() => batchedRawQuery([])).toThrow(/at least one/);
  });

  it('splits into batches', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => chunks([1], 0)).toThrow(/positive integer/);
  });
});

describe('chart resolution', () => {
  it('picks the shortest recorded window that keeps the period under 1,000 points', () => {
    expect(chartResolution('30d')).toEqual({ window: '1h', stepSeconds: 3600 }); // 720 points
    expect(chartResolution('7d')).toEqual({ window: '30m', stepSeconds: 1800 }); // 336
    expect(chartResolution('3d')).toEqual({ window: '5m', stepSeconds: 300 }); // 864
    expect(chartResolution('1y')).toEqual({ window: '1d', stepSeconds: 86400 }); // 365
    expect(() => chartResolution('0d')).toThrow(/positive Prometheus duration/);
  });
});

describe('rows', () => {
  const settings = generateSettingsSchema.parse({ slo: { latency_objective_percent: 99.5 } });
  const reg = registry([
    { method: 'GET', path: '/a', critical: true, slo_availability: 99 },
    { method: 'GET', path: '/b', critical: false, slo_latency_ms: 300 }, // not a default bucket
    { method: 'GET', path: '/c', critical: false },
    { method: 'GET', path: '/d', critical: false, slo_availability: 99.9 },
  ]);
  const targets = sloTargets(reg, settings);

  it('lists every endpoint: one row per SLO, endpoints without one too', () => {
    expect(targets.map((t) => [t.id, t.objectivePercent, t.budget])).toEqual([
      ['availability GET /a', 99, 0.01],
      ['latency GET /b', 99.5, 0.005],
      ['none GET /c', null, null],
      ['availability GET /d', 99.9, 0.001],
    ]);
  });

  it('says in the generator’s words why a latency target cannot be measured', () => {
    const b = targets.find((t) => t.id === 'latency GET /b')!;
    expect(b.slo).toBeUndefined();
    expect(b.problem).toMatch(/slo_latency_ms 300 is not a bucket boundary .* the nearest are 250 ms and 500 ms/);
    expect(unmeasuredRow(b).status).toBe('not-measurable');
  });

  it('computes each row from the measured ratios and sorts least budget first', () => {
    const [a, b, c, d] = targets;
    const rows = sortRows([
      measuredRow(a!, { source: 'raw', period: 0.005, windows: { '1h': 0.2, '6h': 0.07, '1d': 0.02, '3d': 0.011 } }),
      unmeasuredRow(b!),
      unmeasuredRow(c!),
      measuredRow(d!, { source: 'recorded', period: 0.002, windows: {} }),
    ]);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['availability GET /d', 'exhausted'], // 0.2 % failed of a 0.1 % budget: -100 %
      ['availability GET /a', 'ok'], // 50 % left
      ['latency GET /b', 'not-measurable'],
      ['none GET /c', 'no-slo'],
    ]);
    const a2 = rows[1]!;
    expect(a2.budgetRemaining).toBeCloseTo(0.5, 12);
    expect(a2.burnRates.map((x) => [x.window, +x.rate!.toFixed(6), x.status])).toEqual([
      ['1h', 20, 'critical'],
      ['6h', 7, 'critical'],
      ['1d', 2, 'ok'],
      ['3d', 1.1, 'warning'],
    ]);
    expect(rows[0]!.burnRates.every((x) => x.rate === null && x.status === 'no-data')).toBe(true);
  });

  it('turns an impossible ratio into the row’s problem instead of a number', () => {
    const row = measuredRow(targets[0]!, { source: 'raw', period: 1.7, windows: {} });
    expect(row.status).toBe('not-measurable');
    expect(row.budgetRemaining).toBeNull();
    expect(row.problem).toMatch(/impossible value: .*1\.7/);
  });
});
