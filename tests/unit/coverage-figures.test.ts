import { describe, expect, it } from 'vitest';
import { boardFrom } from '@/lib/coverage/board';
import { coverageFigures } from '@/lib/coverage/figures';
import { coverageReport } from '@/lib/coverage/report';
import { emptyRegistry, type Registry, type Service } from '@/lib/registry/model';
import { seedRegistry } from '../helpers/seed';

const monitoring = { prometheus: false, sentry: false, otel: false, langfuse: false };
const svc = (name: string, owner: string, extra: Partial<Service> = {}): Service => ({ name, type: 'k8s-deployment', namespace: 'ns', monitoring, alerts: [], owner, ...extra });

describe('coverage figures', () => {
  const registry: Registry = {
    ...emptyRegistry(),
    owners: [{ name: 'ops', display_name: 'Ops' }, { name: 'web' }, { name: 'idle' }],
    alert_templates: [{ key: 'down', alert: 'Down', expr: 'up == 0', for: '1m', severity: 'critical', summary: 's' }],
    services: [
      svc('a', 'ops', { monitoring: { ...monitoring, prometheus: true }, alerts: ['down'] }),
      svc('b', 'ops', { alerts: ['gone'] }), // its only alert names no template: not covered
      svc('c', 'web', { monitoring: { ...monitoring, prometheus: true, sentry: true } }),
      svc('d', 'web'),
    ],
  };

  it('counts alert coverage only for alerts whose template exists, and discovery from the run', () => {
    const f = coverageFigures(registry, { matched: 3, unregistered: ['docker/edge/x'], runAt: new Date() });
    const dim = Object.fromEntries(f.dimensions.map((d) => [d.key, d]));
    expect(dim.alerts).toMatchObject({ covered: 1, total: 4, ratio: 0.25, status: 'poor', gapCount: 3 });
    expect(dim.alerts!.gaps.map((g) => g.href)).toEqual(['/services/edit?name=b', '/services/edit?name=c', '/services/edit?name=d']);
    expect(dim.discovery).toMatchObject({ covered: 3, total: 4, ratio: 0.75, status: 'warning', gaps: [{ kind: 'workload', key: 'docker/edge/x', href: '/discovery' }] });
    expect(dim['services.prometheus']).toMatchObject({ covered: 2, total: 4, ratio: 0.5 });
    expect(dim['pages.web_vitals']).toMatchObject({ total: 0, ratio: null, status: null });
  });

  it('says n/a for discovery when it never ran, and carries the seed overall', () => {
    const f = coverageFigures(seedRegistry(), null);
    const overall = f.dimensions.find((d) => d.key === 'overall')!;
    expect(overall.ratio).toBe(coverageReport(seedRegistry()).overall.ratio);
    expect(f.dimensions.find((d) => d.key === 'discovery')).toMatchObject({ ratio: null, total: 0 });
  });

  it('makes a row per owner, owners without services included', () => {
    const f = coverageFigures(registry, null);
    expect(f.teams.map((t) => [t.owner, t.services, t.ratios.prometheus, t.ratios.alerts])).toEqual([
      ['idle', 0, null, null],
      ['ops', 2, 0.5, 0.5],
      ['web', 2, 0.5, 0],
    ]);
    expect(f.teams[1]!.overall).toBeCloseTo((0.5 + 0 + 0 + 0 + 0.5) / 5);
  });

  it('turns stored counts back into a board, with the change over 7 days', () => {
    const now = coverageFigures(registry, null);
    const before = coverageFigures({ ...registry, services: registry.services.slice(0, 2) }, null);
    const board = boardFrom({ at: new Date('2026-12-02T10:00:00Z'), values: now.counts, teams: now.teamCounts, gaps: null, discoveryRunAt: null }, before.counts, [
      { day: '2026-12-01', values: before.counts },
      { day: '2026-12-02', values: now.counts },
    ]);
    const prom = board.dimensions.find((d) => d.key === 'services.prometheus')!;
    expect(prom.change7d).toBeCloseTo(0.5 - 0.5);
    const alerts = board.dimensions.find((d) => d.key === 'alerts')!;
    expect(alerts.change7d).toBeCloseTo(0.25 - 0.5);
    expect(board.trend.map((p) => p.values.alerts)).toEqual([0.5, 0.25]);
    expect(board.dimensions.find((d) => d.key === 'discovery')!.change7d).toBeNull();
  });
});
