// The coverage math (lib/coverage/report.ts): ratios, marks, empty sections, the overall mean, Markdown.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  coverageMarkdown,
  coverageReport,
  coverageStatus,
  percent,
  type CoverageRatio,
} from '@/lib/coverage/report';
import { loadDefaultTemplates } from '@/lib/registry/default-templates';
import { emptyRegistry, type ApiEndpoint, type Page, type Registry, type Service } from '@/lib/registry/model';
import { parseRegistryYaml } from '@/lib/registry/parse';
import { syntheticRegistry } from '@/lib/registry/synthetic';

function seedRegistry(): Registry {
  const parsed = parseRegistryYaml(readFileSync('registry/service-registry.yaml', 'utf8'), {
    defaultTemplates: loadDefaultTemplates(process.cwd()),
  });
  if (!parsed.ok) throw new Error('the seed registry should parse');
  return parsed.value;
}

function service(name: string, monitoring: Partial<Service['monitoring']> = {}, alerts: string[] = ['service_down']): Service {
  return {
    name,
    type: 'docker',
    host: '10.0.0.1',
    port: 80,
    monitoring: { prometheus: false, sentry: false, otel: false, langfuse: false, ...monitoring },
    alerts,
    owner: 'team',
  };
}

function page(path: string, monitoring: Partial<Page['monitoring']> = {}): Page {
  return { path, name: path, monitoring: { sentry_session: false, web_vitals: false, ...monitoring }, alerts: [] };
}

function endpoint(path: string, slo: Partial<Pick<ApiEndpoint, 'slo_latency_ms' | 'slo_availability'>> = {}): ApiEndpoint {
  return { method: 'GET', path, critical: false, ...slo };
}

function registry(parts: Partial<Registry>): Registry {
  return { ...emptyRegistry(), ...parts };
}

describe('coverageReport', () => {
  it('computes the seed registry as the seed script would, naming what is missing', () => {
    const report = coverageReport(seedRegistry());
    const s = report.sections.services;
    expect(s.total).toBe(11);
    expect(s.ratios.prometheus).toMatchObject({ covered: 11, total: 11, ratio: 1, status: 'good', missing: [] });
    expect(s.ratios.sentry).toMatchObject({ covered: 4, ratio: 4 / 11, status: 'poor' });
    expect(s.ratios.langfuse.missing).toEqual(['awoooi-web', 'github-runner', 'harbor', 'langfuse', 'ollama', 'postgres', 'redis', 'sentry']);
    expect(s.ratios.alerts.covered).toBe(11);
    expect(report.sections.pages.ratios.web_vitals).toMatchObject({ covered: 2, total: 4, ratio: 0.5, missing: ['/action-logs', '/errors'] });
    expect(report.sections.api_endpoints.ratios.slo).toMatchObject({ covered: 4, total: 4, ratio: 1 });
    // (11 + 4 + 4 + 3 + 11) / 11 + 1 + 0.5 + 1, over 8 ratios
    expect(report.overall.ratios).toBe(8);
    expect(report.overall.ratio).toBeCloseTo(5.5 / 8, 12);
    expect(report.overall.status).toBe('poor');
  });

  it('checks each service field on its own, and "alerts" as at least one alert', () => {
    const r = coverageReport(
      registry({
        services: [
          service('a', { prometheus: true, sentry: true }),
          service('b', { otel: true, langfuse: true }, []),
          service('c', { prometheus: true }),
        ],
      }),
    ).sections.services.ratios;
    expect(r.prometheus.missing).toEqual(['b']);
    expect(r.sentry.missing).toEqual(['b', 'c']);
    expect(r.otel.missing).toEqual(['a', 'c']);
    expect(r.langfuse.missing).toEqual(['a', 'c']);
    expect(r.alerts.missing).toEqual(['b']);
    for (const ratio of Object.values<CoverageRatio>(r)) expect(ratio.covered + ratio.missing.length).toBe(3);
  });

  it('counts an endpoint with a latency or an availability SLO, and names the others as METHOD path', () => {
    const r = coverageReport(
      registry({
        api_endpoints: [endpoint('/a', { slo_latency_ms: 100 }), endpoint('/b', { slo_availability: 99.9 }), endpoint('/c')],
      }),
    ).sections.api_endpoints.ratios.slo;
    expect(r).toMatchObject({ covered: 2, total: 3, missing: ['GET /c'] });
  });

  it('reports an empty section as n/a and leaves it out of the overall mean', () => {
    const report = coverageReport(registry({ pages: [page('/a', { sentry_session: true }), page('/b', { sentry_session: true, web_vitals: true })] }));
    expect(report.sections.services.total).toBe(0);
    expect(report.sections.services.ratios.prometheus).toEqual({ covered: 0, total: 0, ratio: null, status: null, missing: [] });
    expect(report.sections.api_endpoints.ratios.slo.ratio).toBeNull();
    expect(report.overall).toEqual({ ratio: 0.75, status: 'warning', ratios: 2 });
  });

  it('gives n/a overall, and no NaN anywhere, for an empty registry', () => {
    const report = coverageReport(emptyRegistry());
    expect(report.overall).toEqual({ ratio: null, status: null, ratios: 0 });
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    const md = coverageMarkdown(report);
    expect(md).toContain('No services: n/a');
    expect(md).toContain('No pages: n/a');
    expect(md).toContain('No API endpoints: n/a');
    expect(md).toContain('Overall: **n/a**');
    expect(md).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('keeps every count consistent on a 10,000-service registry', () => {
    const big = syntheticRegistry({ services: 10_000, templates: loadDefaultTemplates(process.cwd()) });
    const report = coverageReport(big);
    expect(report.sections.services.total).toBe(10_000);
    for (const section of Object.values(report.sections)) {
      for (const r of Object.values<CoverageRatio>(section.ratios)) {
        expect(r.covered + r.missing.length).toBe(section.total);
        expect(new Set(r.missing).size).toBe(r.missing.length);
      }
    }
    const prometheus = big.services.filter((s) => s.monitoring.prometheus).length;
    expect(report.sections.services.ratios.prometheus.covered).toBe(prometheus);
  });
});

describe('marks and percentages', () => {
  it('marks >= 90 % good, >= 70 % warning, below poor, exactly at the thresholds too', () => {
    expect(coverageStatus(1)).toBe('good');
    expect(coverageStatus(9 / 10)).toBe('good');
    expect(coverageStatus((0.8 + 1.0) / 2)).toBe('good');
    expect(coverageStatus(0.8999)).toBe('warning');
    expect(coverageStatus(7 / 10)).toBe('warning');
    expect(coverageStatus(0.6999)).toBe('poor');
    expect(coverageStatus(0)).toBe('poor');
  });

  it('rounds percentages down, so 100% means nothing is missing', () => {
    expect(percent(999 / 1000)).toBe(99);
    expect(percent(29 / 100)).toBe(29);
    expect(percent(1)).toBe(100);
    expect(percent(0.6875)).toBe(68);
  });
});

describe('coverageMarkdown', () => {
  it('shows a table per section with counts, percent and mark, and the overall', () => {
    const md = coverageMarkdown(coverageReport(seedRegistry()));
    expect(md).toContain('## Services (11)');
    expect(md).toContain('| Prometheus metrics | 11/11 | 100% | ✅ |');
    expect(md).toContain('| Sentry errors | 4/11 | 36% | ❌ |');
    expect(md).toContain('| Web Vitals | 2/4 | 50% | ❌ |');
    expect(md).toContain('| SLO defined (latency or availability) | 4/4 | 100% | ✅ |');
    expect(md).toContain('- Web Vitals (2): `/action-logs`, `/errors`');
    expect(md).toContain('Overall: **68%** ❌ (the mean of 8 ratios)');
  });

  it('marks a 70-89 % ratio with ⚠️', () => {
    const services = Array.from({ length: 10 }, (_, i) => service(`s${i}`, { prometheus: i < 8 }));
    expect(coverageMarkdown(coverageReport(registry({ services })))).toContain('| Prometheus metrics | 8/10 | 80% | ⚠️ |');
  });

  it('is deterministic and has no timestamp unless one is given', () => {
    const report = coverageReport(seedRegistry());
    const md = coverageMarkdown(report);
    expect(coverageMarkdown(coverageReport(seedRegistry()))).toBe(md);
    expect(md).not.toMatch(/Generated:|\d{4}-\d\d-\d\dT/);
    expect(coverageMarkdown(report, { timestamp: '2030-01-02T03:04:05.000Z' })).toContain('Generated: 2030-01-02T03:04:05.000Z');
  });

  it('caps long missing lists (the JSON has them all) and quotes names safely', () => {
    const services = Array.from({ length: 25 }, (_, i) => service(`svc-${String(i).padStart(2, '0')}`));
    const report = coverageReport(registry({ services, pages: [page('/a`b|*c*')] }));
    expect(report.sections.services.ratios.sentry.missing).toHaveLength(25);
    const md = coverageMarkdown(report, { maxMissing: 3 });
    expect(md).toContain('- Sentry errors (25): `svc-00`, `svc-01`, `svc-02` and 22 more');
    expect(md).toContain('- Sentry session (1): ``/a`b|*c*``');
    expect(coverageMarkdown(report)).toContain('`svc-19` and 5 more');
  });
});
