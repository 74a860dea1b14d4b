// The words of an export: commit message, pull request text, branch name, git's name-status output.
import { describe, expect, it } from 'vitest';
import {
  exportBranchName,
  exportCommitMessage,
  exportSubject,
  parseNameStatus,
  pullRequestText,
  registrySummaryLines,
  sectionSummary,
  type ExportChanges,
  type FileChange,
} from '../../lib/deploy/git-commit-message';
import { diffRegistries } from '../../lib/registry/diff';
import { emptyRegistry, type Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';

function registry(services: string, extra = ''): Registry {
  const text = `owners:\n  - name: ops\nalert_templates: []\nservices:\n${services}${extra}`;
  const parsed = parseRegistryYaml(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

const svc = (name: string, port = 80) =>
  `  - name: ${name}\n    type: docker\n    host: 10.0.0.1\n    port: ${port}\n    monitoring: { prometheus: true, sentry: false, otel: false, langfuse: false }\n    owner: ops\n`;

const before = registry(svc('api') + svc('cache') + svc('db'));
const after = registry(svc('api', 8080) + svc('db') + svc('queue') + svc('worker'), 'pages:\n  - path: /\n    name: Home\n');

function changes(overrides: Partial<ExportChanges> = {}): ExportChanges {
  return { registry: diffRegistries(before, after), base: { kind: 'present' }, generated: [], ...overrides };
}

describe('sectionSummary', () => {
  it('counts added, changed and removed entries and names them', () => {
    const diff = diffRegistries(before, after);
    expect(sectionSummary('services', diff.sections.services)).toBe(
      'services: +2 ~1 -1 (added queue, worker; changed api; removed cache)',
    );
  });

  it('has no parenthesis when nothing changed', () => {
    const diff = diffRegistries(before, before);
    expect(sectionSummary('services', diff.sections.services)).toBe('services: +0 ~0 -0');
  });

  it('lists ten names, then says how many more', () => {
    const many = registry(Array.from({ length: 13 }, (_, i) => svc(`s${String(i).padStart(2, '0')}`)).join(''));
    const line = sectionSummary('services', diffRegistries(emptyRegistry(), many).sections.services);
    expect(line).toBe('services: +13 ~0 -0 (added s00, s01, s02, s03, s04, s05, s06, s07, s08, s09 and 3 more)');
  });
});

describe('registrySummaryLines', () => {
  it('always has the services line, and a line for every other section that changed', () => {
    expect(registrySummaryLines(diffRegistries(before, after))).toEqual([
      'services: +2 ~1 -1 (added queue, worker; changed api; removed cache)',
      'pages: +1 ~0 -0 (added /)',
    ]);
    expect(registrySummaryLines(diffRegistries(before, before))).toEqual(['services: +0 ~0 -0']);
  });
});

describe('exportSubject and exportCommitMessage', () => {
  it('names the services counts and the other sections that changed', () => {
    expect(exportSubject(changes())).toBe('Export registry: services +2 ~1 -1 (also pages)');
  });

  it('says when only generated files changed', () => {
    const generated: FileChange[] = [{ kind: 'modified', path: 'generated/prometheus/prometheus.yml' }];
    const same = { ...changes(), registry: diffRegistries(before, before), generated };
    expect(exportSubject(same)).toBe('Export registry: regenerated configs (registry unchanged)');
    expect(exportSubject({ ...same, generated: [] })).toBe('Export registry: registry file rewritten (same entries)');
  });

  it('has the subject, a blank line, the section lines and the generated file counts', () => {
    const generated: FileChange[] = [
      { kind: 'added', path: 'generated/a.yml' },
      { kind: 'added', path: 'generated/b.yml' },
      { kind: 'modified', path: 'generated/c.yml' },
      { kind: 'deleted', path: 'generated/d.yml' },
    ];
    expect(exportCommitMessage(changes({ generated }))).toBe(
      [
        'Export registry: services +2 ~1 -1 (also pages)',
        '',
        'services: +2 ~1 -1 (added queue, worker; changed api; removed cache)',
        'pages: +1 ~0 -0 (added /)',
        'generated files: +2 ~1 -1',
        '',
        'Exported by awoooi-monitor.',
        '',
      ].join('\n'),
    );
  });

  it('says when the base branch had no registry, or an unreadable one', () => {
    expect(exportCommitMessage(changes({ base: { kind: 'missing' } }))).toContain('no registry file: this is the first export');
    expect(exportCommitMessage(changes({ base: { kind: 'unreadable', reason: '2 problem(s)' } }))).toContain(
      "registry file could not be read (2 problem(s)); counted as empty",
    );
  });
});

describe('pullRequestText', () => {
  it('has the subject as title and lists the registry lines and every generated file', () => {
    const generated: FileChange[] = [
      { kind: 'added', path: 'generated/grafana/dashboards/services/queue.json' },
      { kind: 'deleted', path: 'generated/grafana/dashboards/services/cache.json' },
    ];
    const text = pullRequestText(changes({ generated, registryFile: { kind: 'modified', path: 'registry/r.yaml' } }), {
      registryPath: 'registry/r.yaml',
      baseBranch: 'main',
    });
    expect(text.title).toBe('Export registry: services +2 ~1 -1 (also pages)');
    expect(text.body).toContain('- services: +2 ~1 -1 (added queue, worker; changed api; removed cache)');
    expect(text.body).toContain('- file: `registry/r.yaml` (modified)');
    expect(text.body).toContain('### Generated files (+1 ~0 -1)');
    expect(text.body).toContain('- `A` `generated/grafana/dashboards/services/queue.json`');
    expect(text.body).toContain('- `D` `generated/grafana/dashboards/services/cache.json`');
    expect(text.body).toContain('reads `registry/r.yaml` on `main`');
  });

  it('caps the file list (GitHub bodies are limited) and says how many were left out', () => {
    const generated = Array.from({ length: 250 }, (_, i): FileChange => ({ kind: 'added', path: `generated/f${i}.yml` }));
    const { body } = pullRequestText(changes({ generated }), { registryPath: 'r.yaml', baseBranch: 'main' });
    expect(body.match(/^- `A` /gm)).toHaveLength(200);
    expect(body).toContain('…and 50 more (see the Files tab)');
    expect(body.length).toBeLessThan(65_536);
  });
});

describe('exportBranchName', () => {
  it('is a valid ref name with the UTC time to the second', () => {
    expect(exportBranchName(new Date('2026-12-02T05:27:21.123Z'))).toBe('awoooi-monitor/export-20261202T052721Z');
  });

  it('refuses an invalid date', () => {
    expect(() => exportBranchName(new Date('not a date'))).toThrow(/not a valid date/);
  });
});

describe('parseNameStatus', () => {
  it('reads -z output into sorted changes; a type change counts as modified', () => {
    const output = ['M', 'registry/r.yaml', 'D', 'generated/old.yml', 'A', 'generated/a b.yml', 'T', 'generated/link', ''].join('\0');
    expect(parseNameStatus(output)).toEqual([
      { kind: 'added', path: 'generated/a b.yml' },
      { kind: 'modified', path: 'generated/link' },
      { kind: 'deleted', path: 'generated/old.yml' },
      { kind: 'modified', path: 'registry/r.yaml' },
    ]);
    expect(parseNameStatus('')).toEqual([]);
  });
});
