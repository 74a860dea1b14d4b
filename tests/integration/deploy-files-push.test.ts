// Pushes generated trees into the folder a real Prometheus, a real Alertmanager and a real Blackbox exporter
// read (Debian's binaries, on loopback), and asserts what the servers themselves then report: the example registry's rule groups, a
// refused push that changes nothing, and pushes a server rejects being rolled back, files and running config.
//
// The example registry's docker/systemd hosts are rewritten to 127.0.0.1 and every address in the settings
// is loopback, so the servers contact nothing else (scrapes and rule evaluation run hourly besides; the
// Kubernetes jobs find no in-cluster API, see tests/helpers/loopback-process.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerConfigHash, metricValue } from '@/lib/deploy/files-confirm';
import { pushToDirectory, type DirectoryTarget, type PushResult } from '@/lib/deploy/files-target';
import { generate } from '@/lib/generate';
import { MARKER, writeGeneratedTree } from '@/lib/generate/output-dir';
import { parseSettings } from '@/lib/generate/settings';
import type { GeneratedFile } from '@/lib/generate/types';
import type { Registry } from '@/lib/registry/model';
import { startAlertmanager } from '../helpers/alertmanager-server';
import { startBlackboxExporter } from '../helpers/blackbox-server';
import { freePort, type LoopbackProcess } from '../helpers/loopback-process';
import { startPrometheusOnConfig } from '../helpers/prometheus-config-server';
import { loopbackSeed } from '../helpers/seed';

const root = mkdtempSync(path.join(tmpdir(), 'awoooi-deploy-files-'));
const dir = path.join(root, 'monitoring');
let prometheus: LoopbackProcess;
let alertmanager: LoopbackProcess;
let blackbox: LoopbackProcess;
let target: DirectoryTarget;
let treeA: GeneratedFile[];

function generated(registry: Registry, alertmanagerPort: number): GeneratedFile[] {
  const settings = parseSettings({
    prometheus: { scrape_interval: '1h', evaluation_interval: '1h', external_labels: { pushed_by: 'deploy-test' } },
    alertmanager: { targets: [`127.0.0.1:${alertmanagerPort}`], default_webhook_url: 'http://127.0.0.1:9/alertmanager-webhook' },
    self: { target: '127.0.0.1:9' },
  });
  if (!settings.ok) throw new Error(settings.problems.join('\n'));
  return generate(registry, settings.value).files;
}

const replaced = (files: GeneratedFile[], file: string, edit: (text: string) => string) => {
  if (!files.some((f) => f.path === file)) throw new Error(`no ${file} in the tree`);
  return files.map((f) => (f.path === file ? { ...f, content: edit(f.content) } : f));
};
/** A rules file promtool and Prometheus both reject: the first expression cut off mid-way. */
const brokenRules = (files: GeneratedFile[]) => replaced(files, 'prometheus/rules/pages.yml', (t) => t.replace(/expr: .*/, 'expr: rate(rum_page_views_total[5m]) >'));

/** (rules file, group name) pairs of a tree's Prometheus rule files, read with a YAML parser. */
function groupsOf(files: GeneratedFile[]): string[] {
  return files
    .filter((f) => /^prometheus\/rules\/[^/]+\.yml$/.test(f.path))
    .flatMap((f) => (jsyaml.load(f.content) as { groups: { name: string }[] }).groups.map((g) => `${path.basename(f.path)} ${g.name}`))
    .sort();
}

async function api<T>(server: LoopbackProcess, urlPath: string): Promise<T> {
  const res = await fetch(`${server.url}${urlPath}`);
  if (!res.ok) throw new Error(`GET ${urlPath}: ${res.status} ${await res.text()}\n${server.log().slice(-3000)}`);
  return (await res.json()) as T;
}

async function loadedGroups(): Promise<string[]> {
  const rules = await api<{ data: { groups: { name: string; file: string }[] } }>(prometheus, '/api/v1/rules');
  return rules.data.groups.map((g) => `${path.basename(g.file)} ${g.name}`).sort();
}

async function metric(server: LoopbackProcess, name: string): Promise<number | undefined> {
  return metricValue(await (await fetch(`${server.url}/metrics`)).text(), name);
}

async function loadedJobs(): Promise<string[]> {
  const status = await api<{ data: { yaml: string } }>(prometheus, '/api/v1/status/config');
  return (jsyaml.load(status.data.yaml) as { scrape_configs: { job_name: string }[] }).scrape_configs.map((j) => j.job_name);
}

function onDisk(folder: string, files: GeneratedFile[]): boolean {
  return files.every((f) => existsSync(path.join(folder, f.path)) && readFileSync(path.join(folder, f.path), 'utf8') === f.content);
}

const statusOf = (result: PushResult) => Object.fromEntries(result.components.map((c) => [c.target, c.status]));
const detailOf = (result: PushResult, component: string) => result.components.find((c) => c.target === component)?.detail ?? '';

beforeAll(async () => {
  const [prometheusPort, alertmanagerPort] = [await freePort(), await freePort()];
  treeA = generated(loopbackSeed(), alertmanagerPort);
  // What ran before the first push: a small hand-made tree, written as `awoooi-monitor generate` writes one.
  await writeGeneratedTree(dir, [
    { path: 'prometheus/prometheus.yml', content: 'global:\n  evaluation_interval: 1h\nrule_files: [rules/before.yml]\n' },
    { path: 'prometheus/rules/before.yml', content: 'groups:\n  - name: before\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n' },
    { path: 'alertmanager/alertmanager.yml', content: 'route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n' },
    { path: 'blackbox/blackbox.yml', content: 'modules:\n  before_icmp:\n    prober: icmp\n' },
  ]);
  [prometheus, alertmanager, blackbox] = await Promise.all([
    startPrometheusOnConfig({ configFile: path.join(dir, 'prometheus/prometheus.yml'), port: prometheusPort }),
    startAlertmanager({ configFile: path.join(dir, 'alertmanager/alertmanager.yml'), port: alertmanagerPort }),
    startBlackboxExporter({ configFile: path.join(dir, 'blackbox/blackbox.yml') }),
  ]);
  target = { dir, prometheusUrl: prometheus.url, alertmanagerUrl: alertmanager.url, blackboxUrl: blackbox.url, timeoutMs: 20_000 };
  expect(await loadedGroups()).toEqual(['before.yml before']);
}, 90_000);

afterAll(async () => {
  await Promise.all([prometheus?.stop(), alertmanager?.stop(), blackbox?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

/** The modules the Blackbox exporter runs, from its /config. */
async function loadedModules(): Promise<string[]> {
  const text = await (await fetch(`${blackbox.url}/config`)).text();
  return Object.keys((jsyaml.load(text) as { modules: object }).modules).sort();
}

describe('pushToDirectory against a real Prometheus, Alertmanager and Blackbox exporter', () => {
  it("pushes the example registry's tree: Prometheus runs its rule groups, Alertmanager its config, Blackbox its modules", async () => {
    expect(await loadedModules()).toEqual(['before_icmp']);
    const result = await pushToDirectory(target, treeA);
    expect(statusOf(result), JSON.stringify(result, null, 2)).toEqual({ files: 'ok', prometheus: 'ok', alertmanager: 'ok', blackbox: 'ok' });
    expect(detailOf(result, 'blackbox')).toBe(`reloaded ${blackbox.url}: runs the pushed blackbox/blackbox.yml (2 modules)`);
    expect(await loadedModules()).toEqual(['http_2xx', 'tcp_connect']);
    expect(result.outcome).toBe('pushed');

    const groups = await loadedGroups();
    expect(groups).toEqual(groupsOf(treeA));
    expect(groups).toContain('services.yml service:ollama');
    expect(groups).toContain('slo.yml slo:GET /api/v1/health');
    const rules = await api<{ data: { groups: { name: string; rules: { name: string; labels: Record<string, string> }[] }[] } }>(prometheus, '/api/v1/rules');
    const ollama = rules.data.groups.find((g) => g.name === 'service:ollama')!;
    expect(ollama.rules.every((r) => r.labels.service === 'ollama' && r.labels.owner === 'ai-team')).toBe(true);
    expect(await loadedJobs()).toContain('ollama');

    const amStatus = await api<{ config: { original: string } }>(alertmanager, '/api/v2/status');
    const receivers = (jsyaml.load(amStatus.config.original) as { receivers: { name: string }[] }).receivers.map((r) => r.name);
    expect(receivers).toContain('owner-ai-team');
    expect(await metric(alertmanager, 'alertmanager_config_hash')).toBe(alertmanagerConfigHash(treeA.find((f) => f.path === 'alertmanager/alertmanager.yml')!.content));

    expect(onDisk(dir, treeA)).toBe(true);
    expect(readFileSync(path.join(`${dir}.previous`, 'prometheus/rules/before.yml'), 'utf8')).toContain('name: before');
    expect(readdirSync(root).sort()).toEqual(['monitoring', 'monitoring.previous']);
  });

  it('refuses a tree that promtool rejects and changes nothing', async () => {
    const reloadedAt = await metric(prometheus, 'prometheus_config_last_reload_success_timestamp_seconds');
    const result = await pushToDirectory(target, brokenRules(treeA));
    expect(result.outcome).toBe('refused');
    expect(statusOf(result)).toEqual({ files: 'skipped', prometheus: 'skipped', alertmanager: 'skipped', blackbox: 'skipped' });
    expect(detailOf(result, 'files')).toMatch(/nothing was changed: prometheus\/rules\/pages\.yml \(promtool check config\).*parse error/);
    expect(onDisk(dir, treeA)).toBe(true);
    expect(await metric(prometheus, 'prometheus_config_last_reload_success_timestamp_seconds')).toBe(reloadedAt);
  });

  it("rolls back a tree Prometheus rejects on reload, reporting Prometheus's message, and undoes what it half-applied", async () => {
    // Without ollama, and a broken rules file: Prometheus applies the scrape jobs, then fails on the rules.
    const alertmanagerPort = Number(new URL(alertmanager.url).port);
    const treeB = brokenRules(generated(loopbackSeed(['ollama']), alertmanagerPort));
    const result = await pushToDirectory(target, treeB, { check: false });
    expect(result.outcome, JSON.stringify(result, null, 2)).toBe('rolled-back');
    expect(statusOf(result)).toEqual({ files: 'rolled-back', prometheus: 'rolled-back', alertmanager: 'skipped', blackbox: 'skipped' });
    const detail = detailOf(result, 'prometheus');
    expect(detail).toContain('failed to reload config: one or more errors occurred while applying the new configuration');
    expect(detail).toMatch(/promtool on the pushed files: prometheus\/rules\/pages\.yml: .*could not parse expression/);
    expect(detail).toContain('the previous files are reloaded');
    expect(detailOf(result, 'alertmanager')).toBe('not reloaded: the push was rolled back after Prometheus did not take it');

    expect(onDisk(dir, treeA)).toBe(true);
    expect(await loadedGroups()).toEqual(groupsOf(treeA));
    expect(await loadedJobs()).toContain('ollama');
    expect(await metric(prometheus, 'prometheus_config_last_reload_successful')).toBe(1);
  });

  it('rolls Prometheus back too when Alertmanager rejects the push', async () => {
    const alertmanagerPort = Number(new URL(alertmanager.url).port);
    const treeC = replaced(generated(loopbackSeed(['ollama']), alertmanagerPort), 'alertmanager/alertmanager.yml', (t) =>
      t.replace('receiver: default', 'receiver: nobody-by-that-name'),
    );
    const result = await pushToDirectory(target, treeC, { check: false });
    expect(result.outcome, JSON.stringify(result, null, 2)).toBe('rolled-back');
    expect(statusOf(result)).toEqual({ files: 'rolled-back', prometheus: 'rolled-back', alertmanager: 'rolled-back', blackbox: 'skipped' });
    expect(detailOf(result, 'prometheus')).toMatch(/^reloaded .*rolled back because Alertmanager did not take the push: the previous files are reloaded$/);
    expect(detailOf(result, 'alertmanager')).toContain('undefined receiver "nobody-by-that-name" used in route');

    expect(onDisk(dir, treeA)).toBe(true);
    expect(await loadedGroups()).toContain('services.yml service:ollama');
    expect(await metric(alertmanager, 'alertmanager_config_hash')).toBe(alertmanagerConfigHash(treeA.find((f) => f.path === 'alertmanager/alertmanager.yml')!.content));
  });

  it('rolls Prometheus and Alertmanager back too when the Blackbox exporter rejects the push', async () => {
    const alertmanagerPort = Number(new URL(alertmanager.url).port);
    // A field the exporter does not know: it refuses the whole file (promtool and amtool never read it).
    const treeE = replaced(generated(loopbackSeed(['ollama']), alertmanagerPort), 'blackbox/blackbox.yml', (t) => t.replace('prober: tcp', 'prober: tcp\n    retries: 3'));
    const result = await pushToDirectory(target, treeE);
    expect(result.outcome, JSON.stringify(result, null, 2)).toBe('rolled-back');
    expect(statusOf(result)).toEqual({ files: 'rolled-back', prometheus: 'rolled-back', alertmanager: 'rolled-back', blackbox: 'rolled-back' });
    expect(detailOf(result, 'blackbox')).toMatch(/^The Blackbox exporter did not take the push: .*field retries not found/);
    expect(detailOf(result, 'alertmanager')).toMatch(/rolled back because the Blackbox exporter did not take the push: the previous files are reloaded$/);

    expect(onDisk(dir, treeA)).toBe(true);
    expect(await loadedModules()).toEqual(['http_2xx', 'tcp_connect']);
    expect(await metric(blackbox, 'blackbox_exporter_config_last_reload_successful')).toBe(1);
    expect(await loadedGroups()).toContain('services.yml service:ollama');
  });

  it('rolls back when Prometheus does not read the pushed folder (a reload that loads something else)', async () => {
    const elsewhere = path.join(root, 'not-read-by-prometheus');
    await writeGeneratedTree(elsewhere, treeA);
    const alertmanagerPort = Number(new URL(alertmanager.url).port);
    const result = await pushToDirectory({ ...target, dir: elsewhere }, generated(loopbackSeed(['ollama']), alertmanagerPort));
    expect(result.outcome, JSON.stringify(result, null, 2)).toBe('rolled-back');
    expect(statusOf(result).prometheus).toBe('rolled-back');
    expect(detailOf(result, 'prometheus')).toMatch(/does not run the pushed prometheus\/prometheus\.yml: scrape_configs: pushed \d+ items, loaded \d+ items \(loaded only: ollama\).*Does it read this folder/);
    expect(onDisk(elsewhere, treeA)).toBe(true);
    expect(existsSync(path.join(elsewhere, MARKER))).toBe(true);
  });

  it('says so when Prometheus cannot be reached, and puts the files back', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const treeD = generated(loopbackSeed(['redis']), Number(new URL(alertmanager.url).port));
    const result = await pushToDirectory({ ...target, prometheusUrl: closed }, treeD, { check: false });
    expect(result.outcome).toBe('failed');
    expect(statusOf(result)).toEqual({ files: 'rolled-back', prometheus: 'failed', alertmanager: 'skipped', blackbox: 'skipped' });
    expect(detailOf(result, 'prometheus')).toContain(`POST ${closed}/-/reload failed: ECONNREFUSED`);
    expect(onDisk(dir, treeA)).toBe(true);
  });
});
