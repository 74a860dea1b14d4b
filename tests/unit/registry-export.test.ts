import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import { diffRegistries } from '../../lib/registry/diff';
import { registryRevision, registryToYaml } from '../../lib/registry/export';
import type { Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';
import { syntheticRegistry } from '../../lib/registry/synthetic';

const defaults = loadDefaultTemplates();

function parsed(text: string): Registry {
  const result = parseRegistryYaml(text, { defaultTemplates: defaults });
  if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5)));
  return result.value;
}

const seed = parsed(readFileSync('registry/service-registry.yaml', 'utf8'));

describe('export', () => {
  it('is byte-identical after export -> import -> export (seed)', () => {
    const first = registryToYaml(seed);
    expect(registryToYaml(parsed(first))).toBe(first);
    expect(parsed(first)).toEqual(seed); // import(seed) -> export -> import: the same registry
  });

  it('is byte-identical after export -> import -> export (10,000 services)', () => {
    const big = syntheticRegistry({ services: 10_000, templates: defaults });
    const first = registryToYaml(big);
    const again = parsed(first);
    expect(again.services).toHaveLength(10_000);
    expect(registryToYaml(again)).toBe(first);
    expect(diffRegistries(big, again).empty).toBe(true);
  });

  it('writes the seed format in a stable order with no timestamps', () => {
    const text = registryToYaml(seed);
    expect(text.indexOf('services:')).toBeLessThan(text.indexOf('pages:'));
    expect(text.indexOf('pages:')).toBeLessThan(text.indexOf('api_endpoints:'));
    expect(text.indexOf('api_endpoints:')).toBeLessThan(text.indexOf('alert_templates:'));
    expect(text.indexOf('alert_templates:')).toBeLessThan(text.indexOf('owners:'));
    const names = [...text.matchAll(/^ {2}- name: (.+)$/gm)].map((m) => m[1]!);
    const services = names.slice(0, 11);
    expect(services).toEqual([...services].sort());
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).toContain('  - name: awoooi-api\n    type: k8s-deployment\n    namespace: awoooi-prod\n    port: 8000\n');
    // shuffling the input never changes the output
    const shuffled = { ...seed, services: [...seed.services].reverse(), pages: [...seed.pages].reverse() };
    expect(registryToYaml(shuffled)).toBe(text);
  });

  it('writes empty sections as empty lists that import back', () => {
    const empty: Registry = { owners: [], hosts: [], alert_templates: [], services: [], pages: [], api_endpoints: [] };
    const text = registryToYaml(empty);
    expect(text).toContain('services: []');
    expect(parsed(text)).toEqual(empty);
  });

  it('keeps multi-line PromQL and quotes intact', () => {
    const registry = { ...seed, alert_templates: seed.alert_templates.map((t, i) => (i === 0 ? { ...t, expr: 'sum(\n  rate(x{a="b\'c"}[5m])\n) > 0' } : t)) };
    expect(parsed(registryToYaml(registry)).alert_templates[0]!.expr).toBe('sum(\n  rate(x{a="b\'c"}[5m])\n) > 0');
  });

  it('gives a revision that changes with the content only', () => {
    const shuffled = { ...seed, services: [...seed.services].reverse() };
    expect(registryRevision(shuffled)).toBe(registryRevision(seed));
    const changed = { ...seed, services: seed.services.map((s) => (s.name === 'redis' ? { ...s, port: 6381 } : s)) };
    expect(registryRevision(changed)).not.toBe(registryRevision(seed));
  });
});

describe('diff', () => {
  it('lists added, changed field by field, and removed entries per section', () => {
    const next: Registry = {
      ...seed,
      services: [
        ...seed.services
          .filter((s) => s.name !== 'sentry')
          .map((s) => (s.name === 'redis' ? { ...s, port: 6381, monitoring: { ...s.monitoring, sentry: true } } : s)),
        { name: 'new-one', type: 'docker', host: '10.0.0.9', monitoring: { prometheus: true, sentry: false, otel: false, langfuse: false }, alerts: [], owner: 'infra-team' },
      ],
    };
    const diff = diffRegistries(seed, next);
    expect(diff.empty).toBe(false);
    expect(diff.sections.services.added).toEqual(['new-one']);
    expect(diff.sections.services.removed).toEqual(['sentry']);
    expect(diff.sections.services.changed).toEqual([
      { key: 'redis', changes: [{ field: 'port', before: 6380, after: 6381 }, { field: 'monitoring.sentry', before: false, after: true }] },
    ]);
    expect(diff.sections.services.unchanged).toBe(9);
    expect(diff.sections.pages).toEqual({ added: [], changed: [], removed: [], unchanged: 4 });
  });

  it('sees an optional field appear and disappear, and alert order', () => {
    const next = {
      ...seed,
      services: seed.services.map((s) =>
        s.name === 'awoooi-worker' ? { ...s, port: 9000 } : s.name === 'ollama' ? { ...s, alerts: [...s.alerts].reverse() } : s,
      ),
      api_endpoints: seed.api_endpoints.map((e) => ({ ...e, slo_latency_ms: undefined })),
    };
    const diff = diffRegistries(seed, next);
    expect(diff.sections.services.changed.map((c) => c.key).sort()).toEqual(['awoooi-worker', 'ollama']);
    const health = diff.sections.api_endpoints.changed.find((c) => c.key === 'GET /api/v1/health');
    expect(health?.changes).toEqual([{ field: 'slo_latency_ms', before: 100, after: null }]);
  });
});
