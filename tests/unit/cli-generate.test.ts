// Runs the real CLI binary as another repository's CI would: generate from a file, offline.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MARKER } from '../../lib/generate/output-dir';
import { salvageRegistry } from '../../lib/registry/salvage';
import { defaultTemplates } from '../helpers/seed';

const BIN = path.resolve('cli/awoooi-monitor.mjs');
const SEED = path.resolve('registry/service-registry.yaml');
const dir = mkdtempSync(path.join(tmpdir(), 'awoooi-gen-'));

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function listTree(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTree(root, path.join(prefix, e.name)) : [path.join(prefix, e.name)],
  );
}

describe('awoooi-monitor generate', () => {
  it('writes the tree for the seed registry and lists what it skipped and why', () => {
    const out = path.join(dir, 'seed-out');
    const r = run(['generate', '--registry', SEED, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'skipped services/awoooi-web [slow_page_load]: the template needs ${page}, which only pages have; no rule generated',
    );
    expect(r.err).toMatch(/wrote \d+ files \(\d+ skipped, \d+ notes?\)/);
    const files = listTree(out);
    expect(files).toContain('prometheus/prometheus.yml');
    expect(files).toContain('prometheus/rules/services.yml');
    expect(files).toContain(MARKER);
    expect(readFileSync(path.join(out, 'prometheus/rules/services.yml'), 'utf8')).toContain('probe_success{service="ollama"} == 0');
  });

  it('replaces its own folder as a whole: files of removed entries disappear', () => {
    const out = path.join(dir, 'replace-out');
    expect(run(['generate', '--registry', SEED, '--out', out]).code).toBe(0);
    writeFileSync(path.join(out, 'stale.yml'), 'left over\n');
    expect(run(['generate', '--registry', SEED, '--out', out]).code).toBe(0);
    expect(existsSync(path.join(out, 'stale.yml'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
  });

  it('refuses to replace a folder it did not write, and leaves it alone', () => {
    const foreign = path.join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, 'precious.txt'), 'keep me\n');
    const r = run(['generate', '--registry', SEED, '--out', foreign]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not empty and was not written by awoooi-monitor generate/);
    expect(readdirSync(foreign)).toEqual(['precious.txt']);
  });

  it('generates the valid entries of an invalid file, prints the problems and exits 1', () => {
    const out = path.join(dir, 'partial-out');
    const registry = [
      'owners: [{name: t}]',
      'services:',
      '  - {name: good, type: docker, host: h, port: 80, health_endpoint: /health, owner: t, alerts: [service_down]}',
      '  - {name: bad, type: docker, host: h, port: 99999, owner: t, alerts: [service_down]}',
      '',
    ].join('\n');
    const r = run(['generate', '--registry', '-', '--out', out], registry);
    expect(r.code).toBe(1);
    expect(r.out).toContain('-:4:46: services[1].port: expected a port from 1 to 65535');
    expect(r.out).toContain('left out services[1] (bad): it has problems (above)');
    const rules = readFileSync(path.join(out, 'prometheus/rules/services.yml'), 'utf8');
    expect(rules).toContain('service:good');
    expect(rules).not.toContain('service:bad');
  });

  it('writes nothing for a file that is not a registry at all', () => {
    const out = path.join(dir, 'nothing-out');
    const r = run(['generate', '--registry', '-', '--out', out], 'services: [\n');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing generated/);
    expect(existsSync(out)).toBe(false);
  });

  it('reads settings and says where they are wrong', () => {
    const settings = path.join(dir, 'settings.yml');
    writeFileSync(settings, 'blackbox:\n  exporter_address: blackbox.monitoring:9115\n');
    const out = path.join(dir, 'settings-out');
    expect(run(['generate', '--registry', SEED, '--out', out, '--settings', settings]).code).toBe(0);
    expect(readFileSync(path.join(out, 'prometheus/prometheus.yml'), 'utf8')).toContain('replacement: blackbox.monitoring:9115');

    writeFileSync(settings, 'slo:\n  window: soon\n');
    const bad = run(['generate', '--registry', SEED, '--out', path.join(dir, 'never'), '--settings', settings]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`${settings}: slo.window: expected a Prometheus duration`);
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('prints JSON with --format json, and --strict turns skips into exit 1', () => {
    const out = path.join(dir, 'json-out');
    const r = run(['generate', '--registry', SEED, '--out', out, '--format', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.valid).toBe(true);
    expect(body.files).toContain('prometheus/prometheus.yml');
    expect(body.findings).toContainEqual(expect.objectContaining({ kind: 'skipped', entry: 'services/awoooi-web', item: 'slow_page_load' }));
    expect(run(['generate', '--registry', SEED, '--out', out, '--strict']).code).toBe(1);
  });

  it('exits 2 on bad usage', () => {
    expect(run(['generate', '--registry', SEED]).code).toBe(2);
    expect(run(['generate', '--registry', path.join(dir, 'missing.yaml'), '--out', path.join(dir, 'x')]).code).toBe(2);
  });
});

describe('salvageRegistry', () => {
  it('drops entries with problems, and single bad alert keys, keeping the rest', () => {
    const text = [
      'owners: [{name: t}]',
      'services:',
      '  - {name: a, type: docker, host: h, port: 70000, owner: t}',
      '  - {name: b, type: docker, host: h, port: 1, owner: t, alerts: [service_down, nope]}',
      '  - {name: c, type: docker, host: h, port: 2, owner: ghost}',
      '  - {name: b, type: docker, host: h, port: 3, owner: t}',
      'pages: {x: 1}',
      'api_endpoints: [{method: GET, path: /x, slo_availability: 99}]',
    ].join('\n');
    const salvaged = salvageRegistry(text, defaultTemplates());
    expect(salvaged?.dropped).toEqual([
      'pages (the whole section)',
      'services[0] (a)',
      'services[1] (b).alerts[1] (nope)',
      'services[2] (c)',
      'services[3] (b)',
    ]);
    expect(salvaged?.registry.services.map((s) => [s.name, s.alerts])).toEqual([['b', ['service_down']]]);
    expect(salvaged?.registry.api_endpoints).toHaveLength(1);
    expect(salvageRegistry('a: [', defaultTemplates())).toBeUndefined();
  });
});
