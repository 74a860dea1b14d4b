// The SLO rules under Prometheus's own tools: `promtool check rules` on the generated groups, and
// `promtool test rules` feeding known traffic through them to prove when the burn-rate alerts fire.
//
// Each scenario gets its own endpoint (its own path), so a test group's series touch only that endpoint's rules.
// Availability endpoints use 99.9 % (budget 0.1 % of requests); latency ones the default 99 % (budget 1 %).
// Series are counters sampled every minute; "a+bxn" is promtool's notation for n steps of +b from a.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@/lib/generate/settings';
import { SLO_ALERTS, sloRuleGroups, type SloKind } from '@/lib/generate/slo';
import type { Finding, Reporter, RuleGroup } from '@/lib/generate/types';
import { toYaml } from '@/lib/generate/yaml';
import { loadDefaultTemplates } from '@/lib/registry/default-templates';
import { emptyRegistry, type ApiEndpoint, type Registry } from '@/lib/registry/model';
import { parseRegistryYaml } from '@/lib/registry/parse';
import { promtool, requireTool, type ToolResult } from '../helpers/prometheus-tools';

const availability = (path: string): ApiEndpoint => ({ method: 'GET', path, critical: true, slo_availability: 99.9 });
const latency = (path: string, ms: number): ApiEndpoint => ({ method: 'GET', path, critical: true, slo_latency_ms: ms });

const ENDPOINTS: ApiEndpoint[] = [
  availability('/burn-20x'),
  availability('/burn-10x'),
  availability('/burn-slow'),
  availability('/healthy'),
  availability('/idle'),
  latency('/slow-go', 5000), // le="5" as Go and JS clients write it
  latency('/slow-python', 5000), // le="5.0" as Python's prometheus_client writes it
  latency('/slow-500ms', 500), // le="0.5", written alike by every client
  latency('/fast', 500),
];

function collect(): { report: Reporter; findings: Finding[] } {
  const findings: Finding[] = [];
  const add = (kind: Finding['kind']) => (entry: string, message: string, item?: string) =>
    void findings.push({ kind, entry, message, ...(item ? { item } : {}) });
  return { report: { skip: add('skipped'), note: add('note') }, findings };
}

const { report, findings } = collect();
const GROUPS: RuleGroup[] = sloRuleGroups({ ...emptyRegistry(), api_endpoints: ENDPOINTS }, defaultSettings(), report);

// ---- input series -------------------------------------------------------------------------------

type Series = { series: string; values: string };

/** `perMinute` counted for `minutes`, one sample every `step` minutes (the test group's `interval`). */
const counter = (perMinute: number, minutes: number, step: number) => `0+${perMinute * step}x${minutes / step}`;

/** Requests per minute: `ok` with status 200 and `failed` with status 500, for `minutes`. */
function requests(path: string, ok: number, failed: number, minutes: number, step = 1): Series[] {
  const s = (status: string, perMinute: number) => ({
    series: `http_requests_total{method="GET", path="${path}", status="${status}"}`,
    values: counter(perMinute, minutes, step),
  });
  return [s('200', ok), s('500', failed)];
}

/** A request-duration histogram: per minute `total` requests, `fast` of them within `le` (written as `leText`). */
function durations(path: string, leText: string, fast: number, total: number, minutes: number, step = 1): Series[] {
  const name = 'http_request_duration_seconds';
  const labels = `method="GET", path="${path}"`;
  return [
    // a smaller bucket with other counts, so a matcher that picked the wrong boundary would give another ratio
    { series: `${name}_bucket{${labels}, le="0.25"}`, values: counter(Math.floor(fast / 2), minutes, step) },
    { series: `${name}_bucket{${labels}, le="${leText}"}`, values: counter(fast, minutes, step) },
    { series: `${name}_bucket{${labels}, le="+Inf"}`, values: counter(total, minutes, step) },
    { series: `${name}_count{${labels}}`, values: counter(total, minutes, step) },
  ];
}

// ---- expected alerts ----------------------------------------------------------------------------

type Window = '1h/5m' | '6h/30m' | '1d/2h' | '3d/6h';

/** The alert as promtool reports it: the rule's labels, and its annotations with the templates expanded. */
function expectedAlert(kind: SloKind, path: string, window: Window, value: string) {
  const endpoint = `GET ${path}`;
  const rule = GROUPS.find((g) => g.name === `slo:${endpoint}`)!.rules.find(
    (r) => r.alert === SLO_ALERTS[kind] && r.labels?.window === window,
  )!;
  return {
    exp_labels: rule.labels!,
    exp_annotations: {
      summary: rule.annotations!.summary!.replace('{{ $labels.endpoint }}', endpoint).replace('{{ $value | humanizePercentage }}', value),
      description: rule.annotations!.description!,
    },
  };
}

const labelsOf = (kind: SloKind, path: string) => `{endpoint="GET ${path}", method="GET", path="${path}", slo="${kind}"}`;

/**
 * A recorded value at 60m, rounded to 4 decimals: promtool 2.53 compares floats exactly and the ratios of
 * extrapolated rates come out as 0.20000000000000007. `round` drops the metric name, hence the bare labels.
 */
const rounded = (name: string, kind: SloKind, path: string, value: number) => ({
  expr: `round(${name}${labelsOf(kind, path)}, 0.0001)`,
  eval_time: '60m',
  exp_samples: [{ labels: labelsOf(kind, path), value }],
});

// ---- the scenarios ------------------------------------------------------------------------------

const noAlerts = (alertname: string, ...times: string[]) => times.map((eval_time) => ({ eval_time, alertname, exp_alerts: [] }));

interface TestGroup {
  name: string;
  /** promtool's rule evaluation step (default 1m); the day-long scenarios use 10m, and samples every 2m, to stay fast */
  evaluation_interval?: string;
  interval: string;
  input_series: Series[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ReturnType<typeof expectedAlert>[] }[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

const TESTS: TestGroup[] = [
  {
    name: 'errors at 20x the budget for an hour: both pages (and both tickets) fire',
    interval: '1m',
    input_series: requests('/burn-20x', 98, 2, 60), // 2 % failed
    alert_rule_test: [
      {
        eval_time: '60m',
        alertname: SLO_ALERTS.availability,
        exp_alerts: [
          expectedAlert('availability', '/burn-20x', '1h/5m', '2%'),
          expectedAlert('availability', '/burn-20x', '6h/30m', '2%'),
          expectedAlert('availability', '/burn-20x', '1d/2h', '2%'),
          expectedAlert('availability', '/burn-20x', '3d/6h', '2%'),
        ],
      },
    ],
    promql_expr_test: [
      rounded('slo:sli_error:ratio_rate1h', 'availability', '/burn-20x', 0.02),
      rounded('slo:sli_error:ratio_period', 'availability', '/burn-20x', 0.02),
      rounded('slo:period_error_budget_remaining:ratio', 'availability', '/burn-20x', -19), // 20x spent: -19 budgets left
      rounded('slo:objective:ratio', 'availability', '/burn-20x', 0.999),
      rounded('slo:error_budget:ratio', 'availability', '/burn-20x', 0.001),
    ],
  },
  {
    name: 'errors at 10x: the 6h/30m page fires, the 1h/5m one (14.4x) does not',
    interval: '1m',
    input_series: requests('/burn-10x', 99, 1, 60), // 1 % failed
    alert_rule_test: [
      {
        eval_time: '60m',
        alertname: SLO_ALERTS.availability,
        exp_alerts: [
          expectedAlert('availability', '/burn-10x', '6h/30m', '1%'),
          expectedAlert('availability', '/burn-10x', '1d/2h', '1%'),
          expectedAlert('availability', '/burn-10x', '3d/6h', '1%'),
        ],
      },
    ],
  },
  {
    name: 'errors at 0.5x the budget: silent for a day',
    evaluation_interval: '10m',
    interval: '2m',
    input_series: requests('/healthy', 1999, 1, 1440, 2), // 0.05 % failed
    alert_rule_test: noAlerts(SLO_ALERTS.availability, '10m', '1h', '6h', '1d'),
  },
  {
    // A healthy day (0.5x), then a slow 3.5x burn: never a page; the 1x/3d ticket first, the 3x/1d one once
    // the burn fills most of its day.
    name: 'a slow 3.5x burn after a healthy day raises tickets, not pages',
    evaluation_interval: '10m',
    interval: '2m',
    input_series: [
      // 1000 requests a minute: 0.5 failed for 24h (to 1439280 ok / 720 failed), then 3.5 failed for 22h
      { series: 'http_requests_total{method="GET", path="/burn-slow", status="200"}', values: '0+1999x720 1441273+1993x659' },
      { series: 'http_requests_total{method="GET", path="/burn-slow", status="500"}', values: '0+1x720 727+7x659' },
    ],
    alert_rule_test: [
      ...noAlerts(SLO_ALERTS.availability, '1d'),
      { eval_time: '36h', alertname: SLO_ALERTS.availability, exp_alerts: [expectedAlert('availability', '/burn-slow', '3d/6h', '0.15%')] },
      {
        eval_time: '46h',
        alertname: SLO_ALERTS.availability,
        exp_alerts: [
          expectedAlert('availability', '/burn-slow', '1d/2h', '0.325%'),
          expectedAlert('availability', '/burn-slow', '3d/6h', '0.1935%'),
        ],
      },
    ],
  },
  {
    name: 'no traffic: no alert and no SLI sample (not NaN)',
    interval: '1m',
    input_series: [
      { series: 'http_requests_total{method="GET", path="/idle", status="200"}', values: '5000+0x180' },
      { series: 'http_requests_total{method="GET", path="/idle", status="500"}', values: '70+0x180' },
    ],
    alert_rule_test: noAlerts(SLO_ALERTS.availability, '1h', '3h'),
    promql_expr_test: [
      { expr: 'slo:sli_error:ratio_rate5m', eval_time: '3h', exp_samples: [] },
      { expr: 'slo:sli_error:ratio_period', eval_time: '3h', exp_samples: [] },
    ],
  },
  {
    name: 'no series at all: no alert',
    interval: '1m',
    input_series: [{ series: 'up{job="unrelated"}', values: '1+0x60' }],
    alert_rule_test: [...noAlerts(SLO_ALERTS.availability, '60m'), ...noAlerts(SLO_ALERTS.latency, '60m')],
  },
  {
    name: '20 % of requests slower than the threshold: latency alerts fire for le="5", le="5.0" and le="0.5"',
    interval: '1m',
    input_series: [
      ...durations('/slow-go', '5', 80, 100, 60),
      ...durations('/slow-python', '5.0', 80, 100, 60),
      ...durations('/slow-500ms', '0.5', 80, 100, 60),
    ],
    alert_rule_test: [
      {
        eval_time: '60m',
        alertname: SLO_ALERTS.latency,
        exp_alerts: ['/slow-go', '/slow-python', '/slow-500ms'].flatMap((p) =>
          (['1h/5m', '6h/30m', '1d/2h', '3d/6h'] as const).map((w) => expectedAlert('latency', p, w, '20%')),
        ),
      },
    ],
    promql_expr_test: ['/slow-go', '/slow-python', '/slow-500ms'].map((p) => rounded('slo:sli_error:ratio_rate1h', 'latency', p, 0.2)),
  },
  {
    name: 'latency within the objective (0.5 % slow, 0.5x the budget): silent',
    evaluation_interval: '10m',
    interval: '2m',
    input_series: durations('/fast', '0.5', 995, 1000, 1440, 2),
    alert_rule_test: noAlerts(SLO_ALERTS.latency, '1h', '6h', '1d'),
  },
];

// ---- running promtool ---------------------------------------------------------------------------

let dir = '';

beforeAll(() => {
  requireTool('promtool'); // a missing tool fails here, saying how to install it
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-slo-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, value: unknown): string {
  fs.writeFileSync(path.join(dir, name), toYaml(value));
  return name;
}

const output = (r: ToolResult) => `${r.stdout}\n${r.stderr}`;

function seedGroups(): RuleGroup[] {
  const parsed = parseRegistryYaml(fs.readFileSync(new URL('../../registry/service-registry.yaml', import.meta.url), 'utf8'), {
    defaultTemplates: loadDefaultTemplates(process.cwd()),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const registry: Registry = parsed.value;
  return sloRuleGroups(registry, defaultSettings(), collect().report);
}

describe('SLO rules under promtool', () => {
  it('generates every scenario endpoint without findings', () => {
    expect(findings).toEqual([]);
    expect(GROUPS).toHaveLength(ENDPOINTS.length);
  });

  it('passes promtool check rules for the seed registry and the scenarios', () => {
    const seed = write('seed-slo.yml', { groups: seedGroups() });
    const scenarios = write('slo.yml', { groups: GROUPS });
    const r = promtool(['check', 'rules', seed, scenarios], { cwd: dir });
    expect(r.code, output(r)).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: 105 rules found/); // seed: 3 endpoints x 2 SLOs + 1 x 1, 15 rules each
    expect(r.stdout).toMatch(new RegExp(`SUCCESS: ${ENDPOINTS.length * 15} rules found`));
  });

  for (const test of TESTS) {
    it(`promtool test rules: ${test.name}`, { timeout: 180_000 }, () => {
      write('slo.yml', { groups: GROUPS });
      const { evaluation_interval = '1m', ...group } = test;
      const file = write(`test-${TESTS.indexOf(test)}.yml`, { rule_files: ['slo.yml'], evaluation_interval, tests: [group] });
      const r = promtool(['test', 'rules', file], { cwd: dir, timeout: 170_000 });
      expect(r.code, output(r)).toBe(0);
    });
  }

  it('promtool test rules fails when an expected alert is missing (the harness can fail)', () => {
    write('slo.yml', { groups: GROUPS });
    const wrong: TestGroup = {
      name: 'a page expected at 0.5x',
      interval: '1m',
      input_series: requests('/healthy', 1999, 1, 60),
      alert_rule_test: [
        { eval_time: '1h', alertname: SLO_ALERTS.availability, exp_alerts: [expectedAlert('availability', '/healthy', '1h/5m', '0.05%')] },
      ],
    };
    const file = write('test-wrong.yml', { rule_files: ['slo.yml'], evaluation_interval: '1m', tests: [wrong] });
    const r = promtool(['test', 'rules', file], { cwd: dir });
    expect(r.code, output(r)).toBe(1);
    expect(output(r)).toContain(`alertname: ${SLO_ALERTS.availability}`);
  });
});
