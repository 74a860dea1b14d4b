// Pushes with a Kubernetes target (the stand-in API server on loopback) beside a folder target: the dry-run drift
// before and after, per-object results and progress on the row, and a push one target refuses ending partial.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/roles';
import type { DeployTarget } from '@/lib/deploy/config';
import { startPush, waitForPush } from '@/lib/deploy/push';
import { pushPreview } from '@/lib/deploy/push-preview';
import { getPush } from '@/lib/deploy/push-store';
import { applyRegistry } from '@/lib/registry/store';
import { startKubeApplyServer, type KubeApplyServer } from '../helpers/kube-apply-server';
import { seedRegistry } from '../helpers/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const root = mkdtempSync(path.join(tmpdir(), 'awoooi-deploy-push-k8s-'));
const actor: Actor = { kind: 'system', id: null, name: 'carol@example.test', role: 'editor' };
let t: TestDatabase;
let cluster: KubeApplyServer;
let forbidding: KubeApplyServer;
let env: Record<string, string>;

const folder: DeployTarget = { name: 'folder', type: 'directory', options: { dir: path.join(root, 'monitoring') } };
const kube = (server: KubeApplyServer): DeployTarget => ({ name: 'cluster', type: 'kubernetes', options: { name: 'cluster', kubeconfig: server.kubeconfigPath, namespace: 'monitoring' } });

async function pushTo(targets: DeployTarget[]) {
  const started = await startPush(t.db, { actor, env, targets, kind: 'push', progressEveryMs: 0 });
  if (!started.ok) throw new Error(started.message);
  return started.done;
}

beforeAll(async () => {
  [t, cluster, forbidding] = await Promise.all([createTestDatabase(), startKubeApplyServer(), startKubeApplyServer({ forbid: [{ verb: 'patch' }] })]);
  const seed = seedRegistry();
  await applyRegistry(t.db, { ...seed, hosts: seed.hosts.map((h) => ({ ...h, address: '127.0.0.1' })) });
  const settingsFile = path.join(root, 'settings.yml');
  writeFileSync(settingsFile, jsyaml.dump({ alertmanager: { default_webhook_url: 'http://127.0.0.1:9/hook' }, self: { target: '127.0.0.1:9' } }));
  env = { GENERATE_SETTINGS_FILE: settingsFile };
}, 60_000);

afterAll(async () => {
  await waitForPush();
  await Promise.all([cluster?.close(), forbidding?.close()]);
  await t?.drop();
});

describe('a push to Kubernetes and a folder', () => {
  it('previews with a dry run that stores nothing, and a folder that does not exist yet', async () => {
    const preview = await pushPreview(t.db, { env, targets: [folder, kube(cluster)] });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.targets[0]).toMatchObject({ name: 'folder', missing: true, folder: { changed: [], removed: [] } });
    expect(preview.targets[0]!.folder!.added.length).toBe(preview.fileCount);
    const drift = preview.targets[1]!.kubernetes!;
    expect(drift.objects.length).toBeGreaterThan(0);
    expect(drift.objects.every((o) => o.action === 'created')).toBe(true);
    expect(cluster.keys()).toEqual([]);
  }, 60_000);

  it('applies every object, with per-object results and progress on the row', async () => {
    const outcome = await pushTo([folder, kube(cluster)]);
    expect(outcome.status, JSON.stringify(outcome.targets.map((x) => x.detail))).toBe('ok');
    const row = (await getPush(t.db, outcome.pushId))!;
    const k8s = row.targets.find((x) => x.name === 'cluster')!;
    expect(k8s.status).toBe('ok');
    expect(k8s.kubernetes!.counts.created).toBe(cluster.keys().length);
    expect(k8s.progress!.done).toBe(k8s.progress!.total);
    expect(k8s.detail).toMatch(/^\d+ created$/);
    expect(row.targets.find((x) => x.name === 'folder')!.status).toBe('ok');

    const after = await pushPreview(t.db, { env, targets: [folder, kube(cluster)] });
    if (!after.ok) throw new Error(after.message);
    expect(after.targets[1]!.kubernetes).toMatchObject({ objects: [], unchanged: cluster.keys().length });
    expect(after.targets[0]!.folder).toMatchObject({ added: [], changed: [], removed: [] });
    expect(after.sameAsPush).toBe(outcome.pushId);
  }, 60_000);

  it('ends partial when one target takes the push and another refuses it, saying why', async () => {
    const outcome = await pushTo([folder, kube(forbidding)]);
    expect(outcome.status).toBe('partial');
    expect(outcome.targets.map((x) => [x.name, x.status])).toEqual([
      ['folder', 'ok'],
      ['cluster', 'failed'],
    ]);
    expect(outcome.targets[1]!.kubernetes!.objects[0]!.error).toMatch(/forbidden|not allowed|RBAC|cannot patch/i);
    expect(forbidding.keys()).toEqual([]);
  }, 60_000);
});

describe('at app start', () => {
  it('marks a push a stopped process left running abandoned, unless a replica holds the push lock', async () => {
    const { abandonOrphanedPushesAtStart } = await import('@/lib/deploy/push');
    const { tryPushLock } = await import('@/lib/deploy/push-lock');
    const orphan = await t.db.deployPush.create({ data: { kind: 'push', actorName: 'x', status: 'running', registryRevision: 'r', contentHash: 'h', files: [] } });
    const held = await tryPushLock(t.url, {});
    try {
      expect(await abandonOrphanedPushesAtStart(t.db, {})).toBe('deploy: a push is running on another replica');
      expect((await getPush(t.db, orphan.id))!.status).toBe('running');
    } finally {
      await held!.release();
    }
    expect(await abandonOrphanedPushesAtStart(t.db, {})).toBe('deploy: 1 push left running by a stopped process marked abandoned');
    expect((await getPush(t.db, orphan.id))!).toMatchObject({ status: 'abandoned', error: expect.stringContaining('the app stopped during this push') });
  });
});

describe('on the embedded database (one backend session, no exclusive advisory lock)', () => {
  it('still lets only one of two simultaneous pushes of this process start', async () => {
    const oneSession = { ...env, DATABASE_POOL_MAX: '1' };
    const both = await Promise.all([0, 1].map(() => startPush(t.db, { actor, env: oneSession, targets: [folder], kind: 'push' })));
    expect(both.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(both.find((r) => !r.ok)).toMatchObject({ reason: 'busy' });
    await waitForPush();
  }, 60_000);
});
