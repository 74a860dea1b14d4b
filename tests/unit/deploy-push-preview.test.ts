import { describe, expect, it } from 'vitest';
import { PATCH_CAP, PATCHES_SHOWN, describeFolderDrift, folderDrift, isInSync, kubernetesDrift } from '@/lib/deploy/push-preview-shape';
import type { KubernetesPushResult } from '@/lib/deploy/kubernetes-target';

describe('the folder drift', () => {
  it('lists added, changed (with a unified diff) and removed files, sorted', () => {
    const current = new Map([
      ['prometheus/prometheus.yml', 'a: 1\nb: 2\n'],
      ['old.yml', 'x'],
      ['same.yml', 's'],
    ]);
    const drift = folderDrift(current, [
      { path: 'same.yml', content: 's' },
      { path: 'prometheus/prometheus.yml', content: 'a: 1\nb: 3\n' },
      { path: 'new/b.yml', content: 'n' },
      { path: 'new/a.yml', content: 'n' },
    ]);
    expect(drift.added).toEqual(['new/a.yml', 'new/b.yml']);
    expect(drift.removed).toEqual(['old.yml']);
    expect(drift.unchanged).toBe(1);
    expect(drift.changed).toHaveLength(1);
    expect(drift.changed[0]).toMatchObject({ path: 'prometheus/prometheus.yml', added: 1, removed: 1 });
    expect(drift.changed[0]!.patch).toContain('--- a/prometheus/prometheus.yml');
    expect(drift.changed[0]!.patch).toContain('-b: 2\n+b: 3');
    expect(describeFolderDrift(drift)).toBe('2 added, 1 changed, 1 removed, 1 unchanged');
    expect(isInSync(drift)).toBe(false);
  });

  it('says in sync when nothing differs', () => {
    const drift = folderDrift(new Map([['a', 'x']]), [{ path: 'a', content: 'x' }]);
    expect(isInSync(drift)).toBe(true);
    expect(describeFolderDrift(drift)).toBe('in sync (1 files unchanged)');
  });

  it('caps each diff and how many diffs are shown', () => {
    const big = Array.from({ length: 1500 }, (_, i) => `line ${i} ${'x'.repeat(60)}`).join('\n');
    // every 10th line changed: 150 separate hunks, 300 edits, under MAX_EDIT_LENGTH, and a patch far over PATCH_CAP
    const edited = big.replace(/line (\d*0) /g, 'LINE $1 ');
    const current = new Map(Array.from({ length: PATCHES_SHOWN + 2 }, (_, i) => [`f${String(i).padStart(3, '0')}`, big] as const));
    const drift = folderDrift(current, [...current.keys()].map((p) => ({ path: p, content: edited })));
    expect(drift.changed).toHaveLength(PATCHES_SHOWN + 2);
    expect(drift.changed[0]!.truncated).toBe(true);
    expect(drift.changed[0]!.patch!.length).toBeLessThanOrEqual(PATCH_CAP);
    expect(drift.changed[0]!.patch!.endsWith('\n')).toBe(true);
    expect(drift.changed[0]).toMatchObject({ added: 150, removed: 150 });
    expect(drift.changed[PATCHES_SHOWN]).toEqual({ path: `f${String(PATCHES_SHOWN).padStart(3, '0')}` });
  });

  it('says a file is too different to diff instead of spending minutes on it', () => {
    const lines = (word: string) => Array.from({ length: 5000 }, (_, i) => `${word} ${i}`).join('\n');
    const started = performance.now();
    const drift = folderDrift(new Map([['a.yml', lines('old')]]), [{ path: 'a.yml', content: lines('new') }]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(drift.changed).toEqual([{ path: 'a.yml', note: 'too different to diff here (5000 lines before, 5000 after)' }]);
  });
});

describe('the Kubernetes drift', () => {
  it('shows what would change and counts the unchanged', () => {
    const result: KubernetesPushResult = {
      target: 'k',
      server: 's',
      dryRun: true,
      status: 'ok',
      counts: { created: 1, configured: 0, unchanged: 2, deleted: 0, failed: 0 },
      summary: '1 created, 2 unchanged',
      objects: [
        { kind: 'ConfigMap', namespace: 'm', name: 'a', action: 'created' },
        { kind: 'ConfigMap', namespace: 'm', name: 'b', action: 'unchanged' },
        { kind: 'ConfigMap', namespace: 'm', name: 'c', action: 'unchanged' },
      ],
      problems: [],
      durationMs: 1,
    };
    expect(kubernetesDrift(result)).toEqual({ summary: '1 created, 2 unchanged', objects: [result.objects[0]], unchanged: 2, problems: [] });
  });
});
