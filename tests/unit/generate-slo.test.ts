import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parser } from '@prometheus-io/lezer-promql';
import { generateSettingsSchema, defaultSettings, type GenerateSettingsInput } from '@/lib/generate/settings';
import {
  BURN_RATE_ALERTS,
  durationSeconds,
  leLabelValues,
  leMatcher,
  SLI_WINDOWS,
  SLO_ALERTS,
  SLO_RECORDS,
  sloRuleGroups,
} from '@/lib/generate/slo';
import type { Finding, Reporter, Rule, RuleGroup } from '@/lib/generate/types';
import { toYaml } from '@/lib/generate/yaml';
import { loadDefaultTemplates } from '@/lib/registry/default-templates';
import type { ApiEndpoint, Registry } from '@/lib/registry/model';
import { emptyRegistry } from '@/lib/registry/model';
import { parseRegistryYaml } from '@/lib/registry/parse';

const SEED = fileURLToPath(new URL('../../registry/service-registry.yaml', import.meta.url));

function seedRegistry(): Registry {
  const parsed = parseRegistryYaml(readFileSync(SEED, 'utf8'), { defaultTemplates: loadDefaultTemplates(process.cwd()) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

function run(registry: Registry, settings: GenerateSettingsInput = {}): { groups: RuleGroup[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const report: Reporter = {
    skip: (entry, message, item) => findings.push({ kind: 'skipped', entry, message, ...(item ? { item } : {}) }),
    note: (entry, message, item) => findings.push({ kind: 'note', entry, message, ...(item ? { item } : {}) }),
  };
  return { groups: sloRuleGroups(registry, generateSettingsSchema.parse(settings), report), findings };
}

function withEndpoints(endpoints: ApiEndpoint[]): Registry {
  return { ...emptyRegistry(), api_endpoints: endpoints };
}

/** PromQL syntax errors per Prometheus's own grammar (the ⚠ error nodes of lezer-promql). */
function syntaxErrors(expr: string): number {
  let errors = 0;
  parser.parse(expr).iterate({ enter: (n) => void (n.type.isError && errors++) });
  return errors;
}

const recordsOf = (group: RuleGroup, slo: string) => group.rules.filter((r) => r.record && r.labels?.slo === slo);
const alertsOf = (group: RuleGroup, slo: string) => group.rules.filter((r) => r.alert && r.labels?.slo === slo);

describe('sloRuleGroups on the seed registry', () => {
  const { groups, findings } = run(seedRegistry());

  it('makes one group per endpoint, ordered by path then method', () => {
    expect(groups.map((g) => g.name)).toEqual([
      'slo:POST /api/v1/analyze',
      'slo:GET /api/v1/approvals',
      'slo:GET /api/v1/health',
      'slo:POST /api/v1/webhooks/alertmanager',
    ]);
  });

  it('skips the 30000 ms latency SLO (no 30 s bucket) naming the nearest boundary, and keeps its availability SLO', () => {
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({ kind: 'skipped', entry: 'api_endpoints/POST /api/v1/analyze', item: 'slo latency' });
    expect(finding!.message).toMatch(/^slo_latency_ms 30000 is not a bucket boundary of http_request_duration_seconds; /);
    expect(finding!.message).toContain('10000 ms');
    expect(finding!.message).toContain('latency_buckets_seconds');
    const analyze = groups[0]!;
    expect(recordsOf(analyze, 'latency')).toEqual([]);
    expect(alertsOf(analyze, 'latency')).toEqual([]);
    expect(recordsOf(analyze, 'availability').length).toBeGreaterThan(0);
    expect(alertsOf(analyze, 'availability')).toHaveLength(4);
  });

  it('records the SLI over every window, the period SLI, the objective and the budget', () => {
    const health = groups.find((g) => g.name === 'slo:GET /api/v1/health')!;
    for (const slo of ['availability', 'latency']) {
      const names = recordsOf(health, slo).map((r) => r.record);
      expect(names).toEqual([
        SLO_RECORDS.objective,
        SLO_RECORDS.errorBudget,
        ...SLI_WINDOWS.map((w) => `slo:sli_error:ratio_rate${w}`),
        SLO_RECORDS.periodErrorRatio,
        SLO_RECORDS.periodBudgetRemaining,
      ]);
      for (const r of recordsOf(health, slo)) {
        expect(r.labels).toEqual({ slo, method: 'GET', path: '/api/v1/health', endpoint: 'GET /api/v1/health' });
      }
    }
    const byName = (slo: string, name: string) => recordsOf(health, slo).find((r) => r.record === name)!.expr;
    expect(byName('availability', SLO_RECORDS.objective)).toBe('vector(0.9999)');
    expect(byName('availability', SLO_RECORDS.errorBudget)).toBe('vector(0.0001)');
    expect(byName('latency', SLO_RECORDS.objective)).toBe('vector(0.99)');
    expect(byName('latency', SLO_RECORDS.errorBudget)).toBe('vector(0.01)');
    const errors5m = byName('availability', 'slo:sli_error:ratio_rate5m');
    expect(errors5m).toContain('http_requests_total{method="GET", path="/api/v1/health", status=~"5.."}[5m]');
    expect(errors5m).toContain('> 0)'); // no traffic: no sample rather than NaN
    const slow1h = byName('latency', 'slo:sli_error:ratio_rate1h');
    // 100 ms = 0.1 s, written "0.1" by every client: a plain matcher
    expect(slow1h).toContain('http_request_duration_seconds_bucket{method="GET", path="/api/v1/health", le="0.1"}[1h]');
    expect(slow1h).toContain('http_request_duration_seconds_count{method="GET", path="/api/v1/health"}[1h]');
    expect(byName('latency', SLO_RECORDS.periodErrorRatio)).toContain('[30d]');
  });

  it('alerts on the four workbook burn rates with the expected labels and annotations', () => {
    const approvals = groups.find((g) => g.name === 'slo:GET /api/v1/approvals')!;
    for (const [slo, alertName] of Object.entries(SLO_ALERTS)) {
      const alerts = alertsOf(approvals, slo);
      expect(alerts.map((a) => a.alert)).toEqual(Array(4).fill(alertName));
      expect(alerts.map((a) => [a.labels!.severity, a.labels!.window])).toEqual([
        ['critical', '1h/5m'],
        ['critical', '6h/30m'],
        ['warning', '1d/2h'],
        ['warning', '3d/6h'],
      ]);
      for (const [i, a] of alerts.entries()) {
        const { factor, long, short } = BURN_RATE_ALERTS[i]!;
        expect(a.labels).toMatchObject({ slo, method: 'GET', path: '/api/v1/approvals', endpoint: 'GET /api/v1/approvals' });
        expect(a.expr).toContain(`slo:sli_error:ratio_rate${long}{`);
        expect(a.expr).toContain(`slo:sli_error:ratio_rate${short}{`);
        expect(a.expr).toContain(` and `);
        expect(a.annotations!.summary).toContain('$value');
        expect(a.annotations!.description).toContain(`${factor}x`);
      }
    }
    const page = alertsOf(approvals, 'availability')[0]!;
    expect(page.expr).toContain('> (14.4 * 0.001)');
    expect(page.annotations!.description).toContain('1.44%');
    expect(page.annotations!.description).toContain('spent in 2d 2h'); // 30d / 14.4 = 50 h
    expect(alertsOf(approvals, 'latency')[0]!.expr).toContain('> (14.4 * 0.01)');
  });

  it('writes only valid PromQL', () => {
    const exprs = groups.flatMap((g) => g.rules.map((r: Rule) => r.expr));
    expect(exprs.length).toBeGreaterThan(50);
    for (const expr of exprs) expect(syntaxErrors(expr), expr).toBe(0);
  });

  it('is deterministic', () => {
    expect(toYaml(run(seedRegistry()).groups)).toBe(toYaml(groups));
  });
});

describe('sloRuleGroups edge cases', () => {
  it('names both nearest boundaries when the threshold falls between buckets', () => {
    const { groups, findings } = run(withEndpoints([{ method: 'GET', path: '/x', critical: false, slo_latency_ms: 300 }]));
    expect(groups).toEqual([]); // no availability SLO either: nothing to generate
    expect(findings[0]!.message).toContain('the nearest are 250 ms and 500 ms');
  });

  it('names only the smallest bucket below the first boundary', () => {
    const { findings } = run(withEndpoints([{ method: 'GET', path: '/x', critical: false, slo_latency_ms: 1 }]));
    expect(findings[0]!.message).toContain('the nearest is 5 ms (its smallest bucket)');
  });

  it('matches an integral custom bucket in both spellings of le', () => {
    const endpoint: ApiEndpoint = { method: 'POST', path: '/slow', critical: false, slo_latency_ms: 30000 };
    const { groups, findings } = run(withEndpoints([endpoint]), { slo: { latency_buckets_seconds: [1, 30] } });
    expect(findings).toEqual([]);
    const slow5m = groups[0]!.rules.find((r) => r.record === 'slo:sli_error:ratio_rate5m')!.expr;
    expect(slow5m).toContain('le=~"30|30\\\\.0"'); // PromQL text: le=~"30|30\\.0"
  });

  it('accepts a threshold within float tolerance of a boundary and matches the boundary as configured', () => {
    const endpoint: ApiEndpoint = { method: 'POST', path: '/slow', critical: false, slo_latency_ms: 300 };
    const { groups, findings } = run(withEndpoints([endpoint]), { slo: { latency_buckets_seconds: [0.1 + 0.2, 1] } });
    expect(findings).toEqual([]);
    expect(groups[0]!.rules.find((r) => r.record === 'slo:sli_error:ratio_rate5m')!.expr).toContain('le="0.30000000000000004"');
  });

  it('uses the objective and SLO window from the settings', () => {
    const endpoint: ApiEndpoint = { method: 'GET', path: '/y', critical: false, slo_latency_ms: 250 };
    const { groups } = run(withEndpoints([endpoint]), { slo: { latency_objective_percent: 95, window: '4w' } });
    const rules = groups[0]!.rules;
    expect(rules.find((r) => r.record === SLO_RECORDS.objective)!.expr).toBe('vector(0.95)');
    expect(rules.find((r) => r.record === SLO_RECORDS.periodErrorRatio)!.expr).toContain('[4w]');
    expect(rules.find((r) => r.alert)!.annotations!.description).toContain('4w error budget is spent in 1d 22h');
  });

  it('escapes quotes and backslashes in paths', () => {
    const { groups } = run(withEndpoints([{ method: 'GET', path: '/a"b\\c', critical: false, slo_availability: 99 }]));
    const expr = groups[0]!.rules.find((r) => r.record === 'slo:sli_error:ratio_rate5m')!.expr;
    expect(expr).toContain('path="/a\\"b\\\\c"');
    for (const r of groups[0]!.rules) expect(syntaxErrors(r.expr), r.expr).toBe(0);
  });

  it('leaves out endpoints without an SLO', () => {
    expect(run(withEndpoints([{ method: 'GET', path: '/z', critical: true }])).groups).toEqual([]);
  });
});

describe('le matcher', () => {
  it('lists how Go, JS, Python and Prometheus 3 write a boundary', () => {
    expect(leLabelValues(0.1)).toEqual(['0.1']);
    expect(leLabelValues(5)).toEqual(['5', '5.0']);
    expect(leLabelValues(2.5)).toEqual(['2.5']);
    expect(leLabelValues(0.00001)).toEqual(['0.00001', '1e-05']);
    expect(leLabelValues(1e6)).toEqual(['1000000', '1e+06', '1000000.0']);
  });

  it('is a plain matcher when all agree and an escaped regex otherwise', () => {
    expect(leMatcher(0.25)).toBe('le="0.25"');
    expect(leMatcher(10)).toBe('le=~"10|10\\\\.0"');
  });

  it('parses durations', () => {
    expect(durationSeconds('30d')).toBe(30 * 86400);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds(defaultSettings().slo.window)).toBe(2592000);
  });
});

describe('sloRuleGroups at scale', () => {
  it('handles 10,000 endpoints', () => {
    const endpoints: ApiEndpoint[] = Array.from({ length: 10_000 }, (_, i) => ({
      method: (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)[i % 5]!,
      path: `/api/v1/resource-${String(i).padStart(5, '0')}`,
      critical: i % 3 === 0,
      slo_latency_ms: [100, 250, 500, 1000, 2500, 3000][i % 6]!, // 3000 ms is not a bucket: skipped
      slo_availability: [99, 99.5, 99.9, 99.95][i % 4]!,
    }));
    const { groups, findings } = run(withEndpoints([...endpoints].reverse()));
    expect(groups).toHaveLength(10_000);
    expect(groups[0]!.name).toBe('slo:GET /api/v1/resource-00000');
    expect(findings).toHaveLength(Math.ceil((10_000 - 5) / 6));
    const rules = groups.reduce((n, g) => n + g.rules.length, 0);
    expect(rules).toBe(10_000 * 15 + (10_000 - findings.length) * 15);
  });
});
