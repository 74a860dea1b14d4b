// Runs the real CLI binary (`drift`, `coverage`) as another repository's CI would, on real temp directories.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageReport } from '@/lib/coverage/report';
import { loadDefaultTemplates } from '@/lib/registry/default-templates';
import { parseRegistryYaml } from '@/lib/registry/parse';

const BIN = path.resolve('cli/awoooi-monitor.mjs');
const SEED = path.resolve('registry/service-registry.yaml');
const base = mkdtempSync(path.join(tmpdir(), 'awoooi-drift-'));

function run(args: string[], input?: string) {
  // cwd elsewhere: relative paths resolve against the caller, templates against the package
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: base, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

let trees = 0;
/** A fresh pair of trees, `files` mapping relative paths to contents (strings or bytes). */
function treePair(active: Record<string, string | Buffer>, generated: Record<string, string | Buffer>) {
  const root = path.join(base, `case-${++trees}`);
  const write = (dir: string, files: Record<string, string | Buffer>) => {
    mkdirSync(dir, { recursive: true });
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
    return dir;
  };
  return { root, active: write(path.join(root, 'active'), active), generated: write(path.join(root, 'generated'), generated) };
}

function drift(pair: { active: string; generated: string }, ...extra: string[]) {
  return run(['drift', '--generated', pair.generated, '--active', pair.active, ...extra]);
}

// Each case starts the CLI a few times (~1 s each, more on a busy CI machine): a generous limit, not a timing check.
const SLOW = { timeout: 180_000 };

describe('awoooi-monitor drift', SLOW, () => {
  it('exits 0 when every file is equal, nested folders included', () => {
    const files = { 'prometheus/prometheus.yml': 'global: {}\n', 'grafana/dashboards/a.json': '{}\n' };
    const r = drift(treePair(files, { ...files }));
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no drift: 2 files identical/);
  });

  it('exits 1 with a unified diff per file, sorted, /dev/null for one-sided files, and a summary', () => {
    const pair = treePair(
      { 'b/changed.yml': 'one\ntwo\nthree\n', 'a-only-active.yml': 'old\n', 'same.yml': 'x\n' },
      { 'b/changed.yml': 'one\nTWO\nthree\n', 'c/only-generated.yml': 'new\n', 'same.yml': 'x\n' },
    );
    const r = drift(pair);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      [
        '--- active/a-only-active.yml',
        '+++ /dev/null',
        '@@ -1,1 +0,0 @@',
        '-old',
        '--- active/b/changed.yml',
        '+++ generated/b/changed.yml',
        '@@ -1,3 +1,3 @@',
        ' one',
        '-two',
        '+TWO',
        ' three',
        '--- /dev/null',
        '+++ generated/c/only-generated.yml',
        '@@ -0,0 +1,1 @@',
        '+new',
        '',
      ].join('\n'),
    );
    expect(r.err).toMatch(/3 files differ \(1 changed, 1 only generated, 1 only active\)/);
  });

  it('says "binary files differ" for content that is not UTF-8', () => {
    const r = drift(treePair({ 'logo.png': Buffer.from([0x89, 0x50, 0x00, 0xff]) }, { 'logo.png': Buffer.from([0x89, 0x50, 0x00, 0xfe]) }));
    expect(r.code).toBe(1);
    expect(r.out).toBe('Binary files active/logo.png and generated/logo.png differ\n');
  });

  it('sees a byte-order mark or CRLF as a difference', () => {
    const r = drift(treePair({ 'a.yml': '\uFEFFx: 1\n', 'b.yml': 'y\r\n' }, { 'a.yml': 'x: 1\n', 'b.yml': 'y\n' }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/2 files differ \(2 changed/);
  });

  it('follows symlinks inside the tree but never out of it', () => {
    const pair = treePair({ 'data/rules.yml': 'r\n' }, { 'data/rules.yml': 'r\n', 'rules.yml': 'r\n' });
    writeFileSync(path.join(pair.root, 'secret.txt'), 'secret\n');
    symlinkSync('data/rules.yml', path.join(pair.active, 'rules.yml')); // like a ConfigMap mount
    symlinkSync('../secret.txt', path.join(pair.active, 'leak.txt'));
    symlinkSync('..', path.join(pair.active, 'data', 'loop'));
    const r = drift(pair);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('secret');
    expect(r.err).toMatch(/active\/leak\.txt: symlink leads out of the tree, skipped/);
    expect(r.err).toMatch(/active\/data\/loop: symlink loop, skipped/);
  });

  it('leaves out --ignore globs, by name at any depth or by path', () => {
    const pair = treePair(
      { 'README.md': 'hand-written\n', 'docs/README.md': 'x\n', 'local/extra.yml': 'x\n', 'a.yml': 'same\n' },
      { 'a.yml': 'same\n', 'local.yml': 'kept\n' },
    );
    expect(drift(pair).code).toBe(1);
    const r = drift(pair, '--ignore', '*.md', '--ignore', 'local/**');
    expect(r.err).toMatch(/1 file differs \(0 changed, 1 only generated, 0 only active\)/);
    expect(r.out).toContain('+++ generated/local.yml');
    expect(drift(pair, '--ignore', '*.md', '--ignore', 'local/**', '--ignore', 'local.yml').code).toBe(0);
  });

  it('handles 10,000 dashboard files, diffing only the one that changed', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) files[`grafana/dashboards/svc-${String(i).padStart(5, '0')}.json`] = `{"uid":"svc-${i}"}\n`;
    const pair = treePair(files, { ...files, 'grafana/dashboards/svc-04242.json': '{"uid":"changed"}\n' });
    const r = drift(pair);
    expect(r.code).toBe(1);
    expect(r.out.match(/^--- /gm)).toHaveLength(1);
    expect(r.out).toContain('-{"uid":"svc-4242"}\n+{"uid":"changed"}\n');
    expect(r.err).toMatch(/1 file differs \(1 changed, 0 only generated, 0 only active\)/);
  });

  it('finds a hand edit in a deployed copy of what `generate` wrote (its marker file is not config)', () => {
    const generated = path.join(base, 'gen-seed');
    expect(run(['generate', '--registry', SEED, '--out', generated]).code).toBe(0);
    const active = path.join(base, 'deployed-seed');
    cpSync(generated, active, { recursive: true });
    rmSync(path.join(active, '.awoooi-monitor-generated'));
    expect(run(['drift', '--generated', generated, '--active', active]).code).toBe(0);

    const rules = path.join(active, 'prometheus/rules/services.yml');
    writeFileSync(rules, `${readFileSync(rules, 'utf8')}# tuned by hand\n`);
    const r = run(['drift', '--generated', generated, '--active', active]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^--- active\/prometheus\/rules\/services\.yml\n\+\+\+ generated\/prometheus\/rules\/services\.yml\n/);
    expect(r.out).toContain('\n-# tuned by hand\n');
    expect(r.err).toMatch(/1 file differs \(1 changed, 0 only generated, 0 only active\)/);
  });

  it('exits 2 on bad usage: missing option, missing directory, a file instead of a directory', () => {
    const pair = treePair({ 'a.yml': 'x\n' }, { 'a.yml': 'x\n' });
    expect(run(['drift', '--generated', pair.generated]).code).toBe(2);
    const missing = run(['drift', '--generated', pair.generated, '--active', path.join(pair.root, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--active .*nope: no such directory/);
    const notDir = run(['drift', '--generated', path.join(pair.generated, 'a.yml'), '--active', pair.active]);
    expect(notDir.code).toBe(2);
    expect(notDir.err).toMatch(/--generated .*a\.yml: not a directory/);
  });
});

function seedReport() {
  const parsed = parseRegistryYaml(readFileSync(SEED, 'utf8'), { defaultTemplates: loadDefaultTemplates(process.cwd()) });
  if (!parsed.ok) throw new Error('the seed registry should parse');
  return coverageReport(parsed.value);
}

describe('awoooi-monitor coverage', SLOW, () => {
  it('prints the Markdown report for the seed registry, without a timestamp by default', () => {
    const r = run(['coverage', '--registry', SEED]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Monitoring coverage report\n/);
    expect(r.out).toContain('| Langfuse LLM tracing | 3/11 | 27% | ❌ |');
    expect(r.out).toContain('Overall: **68%** ❌');
    expect(r.out).not.toMatch(/Generated:/);
  });

  it('adds the time only with --timestamp', () => {
    const r = run(['coverage', '--registry', SEED, '--timestamp']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\nGenerated: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\n/);
  });

  it('prints JSON equal to the library report with --format json', () => {
    const r = run(['coverage', '--registry', SEED, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toEqual(JSON.parse(JSON.stringify(seedReport())));
    expect(json.sections.services.ratios.sentry.missing).toHaveLength(7);
  });

  it('reads standard input and reports an empty registry as n/a', () => {
    const r = run(['coverage', '--registry', '-', '--format', 'json'], 'services: []\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).overall).toEqual({ ratio: null, status: null, ratios: 0 });
    expect(run(['coverage', '--registry', '-', '--fail-under', '90'], 'services: []\n').code).toBe(0);
  });

  it('exits 1 under --fail-under and 0 at or above it (the seed is at 68.75 %)', () => {
    expect(run(['coverage', '--registry', SEED, '--fail-under', '68.75']).code).toBe(0);
    const under = run(['coverage', '--registry', SEED, '--fail-under', '69']);
    expect(under.code).toBe(1);
    expect(under.out).toContain('Overall: **68%**');
    expect(under.err).toMatch(/overall coverage 68\.75% is under 69%/);
  });

  it('prints the problems of an invalid registry as validate does and exits 1', () => {
    const r = run(['coverage', '--registry', '-'], 'services:\n  - name: api\n    type: docker\n    host: h\n    owner: t\n    port: 0\n');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^-:6:11: services\[0\]\.port: expected a port from 1 to 65535$/m);
    expect(r.err).toMatch(/-: 1 problem\n/);
  });

  it('exits 2 on bad usage', () => {
    expect(run(['coverage']).code).toBe(2);
    expect(run(['coverage', '--registry', SEED, '--format', 'xml']).code).toBe(2);
    expect(run(['coverage', '--registry', SEED, '--fail-under', '101']).code).toBe(2);
    expect(run(['coverage', '--registry', SEED, '--fail-under', 'lots']).code).toBe(2);
    const missing = run(['coverage', '--registry', path.join(base, 'missing.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*missing\.yaml: no such file/);
  });
});
