import { describe, expect, it } from 'vitest';
import { checkVerdict, contentHash, directoryState, filesFromJson, promqlProblems, rollUpStatus } from '@/lib/deploy/push-model';
import type { PushResult } from '@/lib/deploy/files-result';

const a = { path: 'a.yml', content: 'x' };
const b = { path: 'b.yml', content: 'y' };

describe('the content hash', () => {
  it('is the same whatever the order, and changes with a path or a byte', () => {
    expect(contentHash([a, b])).toBe(contentHash([b, a]));
    expect(contentHash([a, b])).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash([a, { ...b, content: 'y ' }])).not.toBe(contentHash([a, b]));
    expect(contentHash([a, { ...b, path: 'c.yml' }])).not.toBe(contentHash([a, b]));
    // the separator keeps "ab"+"c" apart from "a"+"bc"
    expect(contentHash([{ path: 'ab', content: 'c' }])).not.toBe(contentHash([{ path: 'a', content: 'bc' }]));
  });
});

describe('the status roll-up', () => {
  it('is ok when every target took the push, failed when none did, partial otherwise', () => {
    expect(rollUpStatus([{ status: 'ok' }, { status: 'ok' }])).toBe('ok');
    expect(rollUpStatus([{ status: 'rolled-back' }, { status: 'failed' }])).toBe('failed');
    expect(rollUpStatus([{ status: 'ok' }, { status: 'rolled-back' }])).toBe('partial');
    expect(rollUpStatus([{ status: 'partial' }])).toBe('partial');
    expect(rollUpStatus([])).toBe('failed');
  });

  it('maps a folder push outcome to a target state', () => {
    const result = (outcome: PushResult['outcome']): PushResult => ({ outcome, components: [], durationMs: 1 });
    expect(['pushed', 'rolled-back', 'refused', 'failed'].map((o) => directoryState(result(o as PushResult['outcome'])))).toEqual(['ok', 'rolled-back', 'refused', 'failed']);
  });
});

describe('stored files', () => {
  it('are read back only as { path, content } strings', () => {
    expect(filesFromJson([a, { ...b, extra: 1 }])).toEqual([a, b]);
    expect(filesFromJson({})).toBe('the stored files are not a list');
    expect(filesFromJson([a, { path: 'x' }])).toBe('stored file [1] is not { path, content }');
  });
});

describe('the PromQL grammar check', () => {
  const rules = (expr: string) => ({ path: 'prometheus/rules/x.yml', content: `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: ${expr}\n` });

  it('passes good rule files and says file, group, rule and where for a bad one', () => {
    expect(promqlProblems([rules('sum(rate(x[5m])) > 1')])).toEqual([]);
    const problems = promqlProblems([rules("'rate(x[5m]) >'")]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^prometheus\/rules\/x\.yml: group g, rule A: .*\(expr line 1, column \d+\)$/);
  });

  it('reads PrometheusRule manifests too, and ignores other files', () => {
    const manifest = { path: 'kubernetes/rules.yaml', content: 'kind: PrometheusRule\nspec:\n  groups:\n    - name: k\n      rules:\n        - record: r\n          expr: sum(\n' };
    expect(promqlProblems([manifest])[0]).toMatch(/^kubernetes\/rules\.yaml: group k, rule r: /);
    expect(promqlProblems([{ path: 'grafana/x.json', content: '{"expr": "sum("}' }])).toEqual([]);
  });

  it('turns a check report into the verdict a push acts on', () => {
    const verdict = checkVerdict(
      { files: [{ path: 'alertmanager/alertmanager.yml', status: 'failed', tool: 'amtool check-config', output: 'bad\nroute' }, { path: 'a', status: 'ok', output: '' }], tools: { promtool: '2.42.0' } },
      ['x.yml: oops'],
    );
    expect(verdict).toEqual({
      failed: ['alertmanager/alertmanager.yml (amtool check-config): bad route', 'PromQL grammar: x.yml: oops'],
      note: 'checked before the push with promtool 2.42.0, the PromQL grammar (amtool not installed)',
    });
  });
});
