// Runs the real CLI binary as another repository's CI would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('cli/awoooi-monitor.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'awoooi-cli-'));

function run(args: string[], input?: string) {
  // cwd elsewhere: the CLI must find its default templates from its own package, not the caller's folder
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('awoooi-monitor validate', () => {
  it('exits 0 for the seed registry', () => {
    const r = run(['validate', '--registry', path.resolve('registry/service-registry.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid \(11 services, 4 pages, 4 API endpoints, 16 alert templates, 5 owners\)/);
  });

  it('exits 1 with one FILE:LINE:COL: message line per problem', () => {
    const bad = file('bad.yaml', 'services:\n  - name: api\n    type: docker\n    port: 70000\n    helth: /x\n    owner: t\n');
    const r = run(['validate', '--registry', bad]);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `${bad}:2:5: services[0].host: required for type docker (a container runs on a host)`,
      `${bad}:4:11: services[0].port: expected a port from 1 to 65535`,
    ]);
    expect(lines[2]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:5: services\\[0\\]\\.helth: unknown field "helth"`));
    expect(lines).toHaveLength(3);
    expect(r.err).toMatch(/3 problems/);
  });

  it('reads standard input with -', () => {
    expect(run(['validate', '--registry', '-'], 'services: []\n').code).toBe(0);
    expect(run(['validate', '--registry', '-'], 'services: {}\n').code).toBe(1);
  });

  it('prints JSON with --format json', () => {
    const r = run(['validate', '--registry', '-', '--format', 'json'], 'pages:\n  - path: x\n    name: X\n');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      valid: false,
      problems: [{ path: 'pages[0].path', line: 2, column: 11, message: 'must start with "/" (a page path)' }],
    });
  });

  it('exits 2 on bad usage', () => {
    expect(run([]).code).toBe(2);
    expect(run(['validate']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['validate', '--registry', 'x.yaml', '--format', 'xml']).code).toBe(2);
    const missing = run(['validate', '--registry', path.join(dir, 'missing.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*missing\.yaml: no such file/);
  });

  it('exits 0 for --help', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/validate/);
  });
});
