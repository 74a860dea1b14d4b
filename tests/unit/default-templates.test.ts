import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SEVERITIES } from '../../lib/registry/model';
import { checkTemplateExpr, findPlaceholders, offsetToLineColumn } from '../../lib/registry/promql';

const file = fileURLToPath(new URL('../../registry/alert-templates.yaml', import.meta.url));
const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const templates = (doc.alert_templates ?? []) as Record<string, unknown>[];
const keys = templates.map((t) => String(t.key));

const REQUIRED = ['key', 'alert', 'expr', 'for', 'severity', 'summary'];
const OPTIONAL = ['auto_repair', 'runbook_url'];

// The seed registry's alert keys (services and pages), copied so the test stands without shared/.
const SEED_KEYS = [
  'analysis_timeout', 'api_error', 'connection_pool_exhausted', 'high_error_rate', 'inference_timeout', 'js_error',
  'memory_high', 'pod_crash', 'queue_backlog', 'runner_offline', 'service_down', 'slow_page_load', 'slow_query',
  'slow_response', 'storage_full', 'worker_stuck',
];
// The example registry is the user's seed registry, copied verbatim into the repo.
const SEED_REGISTRY = fileURLToPath(new URL('../../registry/service-registry.yaml', import.meta.url));

// Prometheus's model.ParseDuration: units in descending order, each at most once.
const PROM_DURATION = /^(?=\d)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

const byKey = (key: string) => templates.find((t) => t.key === key)!;

describe('registry/alert-templates.yaml', () => {
  it('has alert_templates as its only top-level key', () => {
    expect(Object.keys(doc)).toEqual(['alert_templates']);
    expect(templates.length).toBeGreaterThan(0);
  });

  it('gives every entry exactly the allowed fields', () => {
    for (const t of templates) {
      const fields = Object.keys(t);
      for (const f of REQUIRED) expect(fields, `${String(t.key)} lacks ${f}`).toContain(f);
      for (const f of fields) expect([...REQUIRED, ...OPTIONAL], `${String(t.key)}.${f}`).toContain(f);
      for (const f of fields) expect(typeof t[f], `${String(t.key)}.${f}`).toBe('string');
    }
  });

  it('has unique snake_case keys, sorted', () => {
    for (const k of keys) expect(k).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort());
  });

  it('defines every key the seed registry references', () => {
    for (const k of SEED_KEYS) expect(keys).toContain(k);
  });

  it('defines every key the seed registry file references', () => {
    const seed = parse(readFileSync(SEED_REGISTRY, 'utf8')) as Record<string, { alerts?: string[] }[] | undefined>;
    const used = [...(seed.services ?? []), ...(seed.pages ?? [])].flatMap((e) => e.alerts ?? []);
    expect(used.length).toBeGreaterThan(0);
    for (const k of new Set(used)) expect(keys).toContain(k);
  });

  it('keeps the seed templates’ severities and auto-repair actions', () => {
    const seed: Record<string, [string, string]> = {
      pod_crash: ['critical', 'restart_pod'],
      high_error_rate: ['warning', 'restart_pod'],
      service_down: ['critical', 'restart_container'],
      slow_response: ['warning', 'scale_up'],
      memory_high: ['warning', 'analyze_memory_leak'],
      runner_offline: ['critical', 'restart_runner_service'],
    };
    for (const [key, [severity, action]] of Object.entries(seed)) {
      expect([byKey(key).severity, byKey(key).auto_repair], key).toEqual([severity, action]);
    }
  });

  it('has valid alert names, durations, severities and optional fields', () => {
    for (const t of templates) {
      expect(t.alert, String(t.key)).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(t.for, String(t.key)).toMatch(PROM_DURATION);
      expect(SEVERITIES, String(t.key)).toContain(t.severity);
      if (t.auto_repair !== undefined) expect(t.auto_repair).toMatch(/^[a-z][a-z0-9_]*$/);
      if (t.runbook_url !== undefined) expect(t.runbook_url).toMatch(/^https?:\/\//);
    }
    expect(new Set(templates.map((t) => t.alert)).size).toBe(templates.length);
  });

  it('has expressions that pass checkTemplateExpr', () => {
    for (const t of templates) {
      const expr = String(t.expr);
      const problems = checkTemplateExpr(expr).map((p) => {
        const { line, column } = offsetToLineColumn(expr, p.offset);
        return `${String(t.key)}: ${line}:${column}: ${p.message}`;
      });
      expect(problems).toEqual([]);
    }
  });

  it('scopes every expression with a placeholder, never mixing kinds of entry', () => {
    for (const t of templates) {
      const used = new Set(findPlaceholders(String(t.expr)).map((p) => p.name));
      expect(used.size, String(t.key)).toBeGreaterThan(0);
      // a page has no service, namespace or host; no service has both a namespace and a host
      if (used.has('page')) expect([...used], String(t.key)).toEqual(['page']);
      expect(used.has('namespace') && used.has('host'), String(t.key)).toBe(false);
    }
    for (const k of ['slow_page_load', 'js_error', 'api_error']) expect(String(byKey(k).expr)).toContain('${page}');
  });

  it('uses the documented real-user-monitoring metrics for page templates', () => {
    expect(String(byKey('slow_page_load').expr)).toContain('web_vitals_lcp_seconds_bucket{page="${page}"');
    expect(String(byKey('js_error').expr)).toContain('rum_js_errors_total{page="${page}"}');
    expect(String(byKey('api_error').expr)).toContain('rum_failed_fetches_total{page="${page}"}');
    for (const k of ['js_error', 'api_error']) expect(String(byKey(k).expr)).toContain('rum_page_views_total{page="${page}"}');
  });

  it('has one-line summaries that only print labels the expression keeps', () => {
    for (const t of templates) {
      const summary = String(t.summary);
      const expr = String(t.expr);
      expect(summary, String(t.key)).not.toMatch(/[\r\n]/);
      expect(summary.split('{{').length, String(t.key)).toBe(summary.split('}}').length);
      // `$labels` holds the result's labels only: after `by (...)`, nothing else survives
      const kept = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(',').map((s) => s.trim()));
      if (kept.length === 0) continue;
      for (const m of summary.matchAll(/\$labels\.(\w+)/g)) expect(kept, `${String(t.key)} prints ${m[1]}`).toContain(m[1]);
    }
  });
});
