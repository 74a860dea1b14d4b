// The push service end to end: the registry stored in a real PostgreSQL, generated with loopback settings, pushed
// to the folder a real Prometheus and a real Alertmanager read (Debian's binaries, on loopback). Asserts the rows
// (status, per-target results, audit), what Prometheus itself then reports, a refused push that touches nothing,
// one push at a time (in process and across replicas), and a rollback that restores an earlier push's rules.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/roles';
import type { DeployTarget } from '@/lib/deploy/config';
import { tryPushLock } from '@/lib/deploy/push-lock';
import { startPush, waitForPush, type PushOutcome, type StartPushOptions } from '@/lib/deploy/push';
import { pushPreview } from '@/lib/deploy/push-preview';
import { getPush } from '@/lib/deploy/push-store';
import { writeGeneratedTree } from '@/lib/generate/output-dir';
import type { GeneratedFile } from '@/lib/generate/types';
import { applyRegistry } from '@/lib/registry/store';
import { startAlertmanager } from '../helpers/alertmanager-server';
import { freePort, type LoopbackProcess } from '../helpers/loopback-process';
import { startPrometheusOnConfig } from '../helpers/prometheus-config-server';
import { loopbackSeed } from '../helpers/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const root = mkdtempSync(path.join(tmpdir(), 'awoooi-deploy-push-'));
const dir = path.join(root, 'monitoring');
const alice: Actor = { kind: 'system', id: null, name: 'alice@example.test', role: 'editor' };
let t: TestDatabase;
let prometheus: LoopbackProcess;
let alertmanager: LoopbackProcess;
let targets: DeployTarget[];
let env: Record<string, string>;

const push = async (options: Omit<StartPushOptions, 'actor' | 'env' | 'targets'>): Promise<PushOutcome> => {
  const started = await startPush(t.db, { actor: alice, env, targets, ...options });
  if (!started.ok) throw new Error(`not started: ${started.message} ${'problems' in started ? started.problems.join('; ') : ''}`);
  return started.done;
};

async function loadedGroups(): Promise<string[]> {
  const res = await fetch(`${prometheus.url}/api/v1/rules`);
  const body = (await res.json()) as { data: { groups: { name: string; file: string }[] } };
  return body.data.groups.map((g) => `${path.basename(g.file)} ${g.name}`).sort();
}

function groupsOf(files: GeneratedFile[]): string[] {
  return files
    .filter((f) => /^prometheus\/rules\/[^/]+\.yml$/.test(f.path))
    .flatMap((f) => (jsyaml.load(f.content) as { groups: { name: string }[] }).groups.map((g) => `${path.basename(f.path)} ${g.name}`))
    .sort();
}

async function storedFiles(id: number): Promise<GeneratedFile[]> {
  const row = await t.db.deployPush.findUniqueOrThrow({ where: { id }, select: { files: true } });
  return row.files as unknown as GeneratedFile[];
}

const onDisk = (files: GeneratedFile[]) => files.every((f) => existsSync(path.join(dir, f.path)) && readFileSync(path.join(dir, f.path), 'utf8') === f.content);

beforeAll(async () => {
  const [prometheusPort, alertmanagerPort] = [await freePort(), await freePort()];
  t = await createTestDatabase();
  await applyRegistry(t.db, loopbackSeed());
  const settingsFile = path.join(root, 'settings.yml');
  writeFileSync(
    settingsFile,
    jsyaml.dump({
      prometheus: { scrape_interval: '1h', evaluation_interval: '1h', external_labels: { pushed_by: 'deploy-push-test' } },
      alertmanager: { targets: [`127.0.0.1:${alertmanagerPort}`], default_webhook_url: 'http://127.0.0.1:9/alertmanager-webhook' },
      self: { target: '127.0.0.1:9' },
    }),
  );
  env = { GENERATE_SETTINGS_FILE: settingsFile };
  await writeGeneratedTree(dir, [
    { path: 'prometheus/prometheus.yml', content: 'global:\n  evaluation_interval: 1h\nrule_files: [rules/before.yml]\n' },
    { path: 'prometheus/rules/before.yml', content: 'groups:\n  - name: before\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n' },
    { path: 'alertmanager/alertmanager.yml', content: 'route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n' },
  ]);
  [prometheus, alertmanager] = await Promise.all([
    startPrometheusOnConfig({ configFile: path.join(dir, 'prometheus/prometheus.yml'), port: prometheusPort }),
    startAlertmanager({ configFile: path.join(dir, 'alertmanager/alertmanager.yml'), port: alertmanagerPort }),
  ]);
  targets = [{ name: 'local', type: 'directory', options: { dir, prometheusUrl: prometheus.url, alertmanagerUrl: alertmanager.url, timeoutMs: 20_000 } }];
}, 90_000);

afterAll(async () => {
  await waitForPush();
  await Promise.all([prometheus?.stop(), alertmanager?.stop()]);
  await t?.drop();
});

describe('a push', () => {
  let first: number;

  it('previews the drift first: every generated file differs from the hand-made tree', async () => {
    const preview = await pushPreview(t.db, { env, targets });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.check.failed).toEqual([]);
    expect(preview.sameAsPush).toBeNull();
    const folder = preview.targets[0]!.folder!;
    expect(folder.removed).toEqual(['prometheus/rules/before.yml']);
    expect(folder.changed.map((c) => c.path)).toEqual(['alertmanager/alertmanager.yml', 'prometheus/prometheus.yml']);
    expect(folder.changed[1]!.patch).toContain('+++ b/prometheus/prometheus.yml');
    expect(folder.added.length).toBeGreaterThan(0);
  }, 60_000);

  it('records the row with ok per target, and Prometheus runs the pushed rules', async () => {
    const outcome = await push({ kind: 'push' });
    expect(outcome.status, JSON.stringify(outcome.targets)).toBe('ok');
    first = outcome.pushId;
    const row = (await getPush(t.db, first))!;
    expect(row).toMatchObject({ kind: 'push', status: 'ok', actorName: alice.name, rollbackOfId: null });
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.finishedAt).not.toBeNull();
    expect(row.targets).toHaveLength(1);
    expect(row.targets[0]).toMatchObject({ name: 'local', type: 'directory', status: 'ok' });
    expect(row.targets[0]!.directory!.components.map((c) => [c.target, c.status])).toEqual([['files', 'ok'], ['prometheus', 'ok'], ['alertmanager', 'ok'], ['blackbox', 'skipped']]);
    expect(row.targets[0]!.directory!.components[0]!.detail).toContain('checked before the push with');
    const files = await storedFiles(first);
    expect(await loadedGroups()).toEqual(groupsOf(files));
    expect(onDisk(files)).toBe(true);
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'deploy.push' }, include: { changes: true } });
    expect(audit.summary).toContain(`Push #${first}`);
    expect(audit.changes[0]).toMatchObject({ section: 'deploy', key: `push ${first}`, op: 'added' });
  }, 90_000);

  it('says the folder is in sync and the tree is the same as the last push', async () => {
    const preview = await pushPreview(t.db, { env, targets });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.sameAsPush).toBe(first);
    expect(preview.targets[0]!.folder).toMatchObject({ added: [], changed: [], removed: [] });
  }, 60_000);

  it('refuses a second push while one runs, in this process and from another replica', async () => {
    const started = await startPush(t.db, { actor: alice, env, targets, kind: 'push' });
    if (!started.ok) throw new Error(started.message);
    const second = await startPush(t.db, { actor: { ...alice, name: 'bob' }, env, targets, kind: 'push' });
    expect(second).toMatchObject({ ok: false, reason: 'busy', pushId: started.pushId });
    expect(second.ok ? '' : second.message).toMatch(new RegExp(`a push is running \\(push #${started.pushId}, started by alice@example.test at `));
    expect((await started.done).status).toBe('ok');

    // another replica: the advisory lock held on a connection of its own
    const held = await tryPushLock(t.url, {});
    expect(held).not.toBeNull();
    try {
      const third = await startPush(t.db, { actor: alice, env, targets, kind: 'push' });
      expect(third).toMatchObject({ ok: false, reason: 'busy' });
    } finally {
      await held!.release();
    }
    expect(await t.db.deployPush.count({ where: { actorName: 'bob' } })).toBe(0);
  }, 90_000);

  it('is refused when the check fails, and leaves the folder and Prometheus as they were', async () => {
    const good = await storedFiles(first);
    const broken = good.map((f) => (f.path === 'prometheus/rules/pages.yml' ? { ...f, content: f.content.replace(/expr: .*/, 'expr: rate(rum_page_views_total[5m]) >') } : f));
    expect(broken).not.toEqual(good);
    const bad = await t.db.deployPush.create({
      data: { kind: 'push', actorName: 'fixture', status: 'ok', registryRevision: 'r-broken', contentHash: 'x', files: broken as never, finishedAt: new Date() },
    });
    const before = await loadedGroups();
    const outcome = await push({ kind: 'rollback', rollbackOf: bad.id });
    expect(outcome.status).toBe('refused');
    expect(outcome.error).toMatch(/the check found errors; no target was touched: .*prometheus\/rules\/pages\.yml/);
    expect(outcome.targets[0]).toMatchObject({ status: 'skipped' });
    expect(onDisk(good)).toBe(true);
    expect(await loadedGroups()).toEqual(before);
    expect((await getPush(t.db, outcome.pushId))!.status).toBe('refused');
  }, 90_000);

  it('rolls back to push #1 after push #2: Prometheus reports #1 rules again, recorded as a rollback', async () => {
    await applyRegistry(t.db, loopbackSeed(['ollama']));
    const second = await push({ kind: 'push' });
    expect(second.status).toBe('ok');
    const firstFiles = await storedFiles(first);
    const secondFiles = await storedFiles(second.pushId);
    expect(groupsOf(secondFiles)).not.toEqual(groupsOf(firstFiles));
    expect(await loadedGroups()).toEqual(groupsOf(secondFiles));

    const rollback = await push({ kind: 'rollback', rollbackOf: first });
    expect(rollback.status, JSON.stringify(rollback.targets)).toBe('ok');
    expect(await loadedGroups()).toEqual(groupsOf(firstFiles));
    expect(onDisk(firstFiles)).toBe(true);
    const row = (await getPush(t.db, rollback.pushId))!;
    expect(row).toMatchObject({ kind: 'rollback', rollbackOfId: first, status: 'ok' });
    expect(row.contentHash).toBe((await getPush(t.db, first))!.contentHash);
    expect(await t.db.auditEntry.count({ where: { action: 'deploy.rollback' } })).toBe(2); // the refused one too
  }, 120_000);

  it('refuses to roll back to a push that did not succeed, or does not exist', async () => {
    const refusedRow = await t.db.deployPush.findFirstOrThrow({ where: { status: 'refused' } });
    expect(await startPush(t.db, { actor: alice, env, targets, kind: 'rollback', rollbackOf: refusedRow.id })).toMatchObject({ ok: false, reason: 'input', message: expect.stringContaining('ended refused') });
    expect(await startPush(t.db, { actor: alice, env, targets, kind: 'rollback', rollbackOf: 999_999 })).toMatchObject({ ok: false, reason: 'input', message: 'there is no push #999999 to roll back to' });
  });
});
