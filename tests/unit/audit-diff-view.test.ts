// The audit page's diff rows: YAML in the registry's style, line numbers, whole-entry adds and removes, folding.
import { describe, expect, it } from 'vitest';
import { changeDiff, lineDiff, yamlText, type DiffRow } from '../../lib/audit/diff-view';

const ollama = {
  name: 'ollama',
  type: 'docker',
  host: '192.168.0.188',
  port: 11434,
  health_endpoint: '/api/tags',
  monitoring: { prometheus: true, sentry: false, otel: false, langfuse: false },
  alerts: ['service_down', 'inference_timeout'],
  owner: 'ai-team',
};

const kinds = (rows: DiffRow[]) => rows.map((r) => r.kind);
const lines = (n: number, prefix = 'line') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');

describe('yamlText', () => {
  it('writes an entry as the registry file does', () => {
    expect(yamlText(ollama)).toBe(
      [
        'name: ollama',
        'type: docker',
        'host: 192.168.0.188',
        'port: 11434',
        'health_endpoint: /api/tags',
        'monitoring:',
        '  prometheus: true',
        '  sentry: false',
        '  otel: false',
        '  langfuse: false',
        'alerts:',
        '  - service_down',
        '  - inference_timeout',
        'owner: ai-team',
        '',
      ].join('\n'),
    );
  });

  it('writes nothing for a missing side and quotes strings that would read as other types', () => {
    expect(yamlText(null)).toBe('');
    expect(yamlText(undefined)).toBe('');
    expect(yamlText({ v: 'true', n: '123' })).toBe('v: "true"\nn: "123"\n');
  });
});

describe('changeDiff', () => {
  it('an added entry is all added lines, numbered in the new text', () => {
    const d = changeDiff({ before: null, after: ollama });
    expect(d.removed).toBe(0);
    expect(d.added).toBe(14);
    expect(d.rows.every((r) => r.kind === 'added')).toBe(true);
    expect(d.rows[0]).toEqual({ kind: 'added', text: 'name: ollama', newLine: 1 });
    expect(d.rows.at(-1)).toEqual({ kind: 'added', text: 'owner: ai-team', newLine: 14 });
  });

  it('a removed entry is all removed lines', () => {
    const d = changeDiff({ before: ollama, after: null });
    expect(d).toMatchObject({ added: 0, removed: 14 });
    expect(d.rows.every((r) => r.kind === 'removed')).toBe(true);
  });

  it('a changed entry shows the changed lines with context, the rest folded', () => {
    const after = { ...ollama, port: 11435, owner: 'ml-team' };
    const d = changeDiff({ before: ollama, after }, { context: 1 });
    expect(d).toMatchObject({ added: 2, removed: 2 });
    expect(d.rows).toEqual([
      { kind: 'collapsed', count: 2, oldLine: 1, newLine: 1 },
      { kind: 'unchanged', text: 'host: 192.168.0.188', oldLine: 3, newLine: 3 },
      { kind: 'removed', text: 'port: 11434', oldLine: 4 },
      { kind: 'added', text: 'port: 11435', newLine: 4 },
      { kind: 'unchanged', text: 'health_endpoint: /api/tags', oldLine: 5, newLine: 5 },
      { kind: 'collapsed', count: 7, oldLine: 6, newLine: 6 },
      { kind: 'unchanged', text: '  - inference_timeout', oldLine: 13, newLine: 13 },
      { kind: 'removed', text: 'owner: ai-team', oldLine: 14 },
      { kind: 'added', text: 'owner: ml-team', newLine: 14 },
    ]);
  });

  it('an added list item is one added line; line numbers shift after it', () => {
    const after = { ...ollama, alerts: [...ollama.alerts, 'memory_high'] };
    const d = changeDiff({ before: ollama, after });
    expect(d).toMatchObject({ added: 1, removed: 0 });
    expect(d.rows.filter((r) => r.kind === 'added')).toEqual([{ kind: 'added', text: '  - memory_high', newLine: 14 }]);
    expect(d.rows.at(-1)).toEqual({ kind: 'unchanged', text: 'owner: ai-team', oldLine: 14, newLine: 15 });
  });
});

describe('lineDiff folding', () => {
  it('keeps `context` lines on each side of a change in the middle of a long run', () => {
    const before = lines(20);
    const after = before.replace('line 10\n', 'line ten\n');
    const d = lineDiff(before, after, { context: 3 });
    expect(kinds(d.rows)).toEqual([
      'collapsed',
      'unchanged', 'unchanged', 'unchanged',
      'removed', 'added',
      'unchanged', 'unchanged', 'unchanged',
      'collapsed',
    ]);
    expect(d.rows[0]).toEqual({ kind: 'collapsed', count: 6, oldLine: 1, newLine: 1 });
    expect(d.rows.at(-1)).toEqual({ kind: 'collapsed', count: 7, oldLine: 14, newLine: 14 });
  });

  it('does not fold a single line (the marker would be as tall as the line)', () => {
    const before = lines(9);
    const after = before.replace('line 1\n', 'line one\n').replace('line 9\n', 'line nine\n');
    // 7 unchanged lines between the changes, 3 kept on each side: 1 hidden, so all are shown.
    const d = lineDiff(before, after, { context: 3 });
    expect(d.rows.some((r) => r.kind === 'collapsed')).toBe(false);
    expect(d.rows.filter((r) => r.kind === 'unchanged')).toHaveLength(7);
  });

  it('shows every line when nothing differs, and nothing for two empty texts', () => {
    expect(lineDiff(lines(30), lines(30)).rows).toHaveLength(30);
    expect(lineDiff('', '')).toEqual({ rows: [], added: 0, removed: 0 });
  });

  it('handles a last line without a newline', () => {
    const d = lineDiff('a\nb', 'a\nc');
    expect(d.rows).toEqual([
      { kind: 'unchanged', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'removed', text: 'b', oldLine: 2 },
      { kind: 'added', text: 'c', newLine: 2 },
    ]);
  });
});
