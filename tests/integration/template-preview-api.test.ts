// POST /api/v1/templates/preview as the route handler serves it, against the real PostgreSQL, with real tokens.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/roles';
import { createToken } from '../../lib/auth/tokens';
import type { Db } from '../../lib/db/client';
import type { Env } from '../../lib/generate/app-settings';
import { generate } from '../../lib/generate/index';
import { draftFromEntry } from '../../lib/registry/entry-draft';
import { importRegistryYaml } from '../../lib/registry/import';
import { PREVIEW_MAX_BYTES, postTemplatePreviewResponse } from '../../lib/templates/preview-http';
import { seedRegistry } from '../helpers/seed';
import { createTestDatabase } from '../helpers/test-database';

let db: Db;
let drop: () => Promise<void>;
let viewer: Record<string, string> = {};
const noSettings: Env = {};
const seed = seedRegistry();
const serviceDown = seed.alert_templates.find((t) => t.key === 'service_down')!;

const post = (body: BodyInit | null, headers: Record<string, string> = viewer) =>
  postTemplatePreviewResponse(
    new Request('http://test/api/v1/templates/preview', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }),
    { database: () => db, env: noSettings },
  );
const preview = (draft: unknown, target: unknown = { kind: 'service', name: 'ollama' }, headers?: Record<string, string>) =>
  post(JSON.stringify({ draft, target }), headers);

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  const imported = await importRegistryYaml(db, readFileSync('registry/service-registry.yaml', 'utf8'));
  expect(imported.ok).toBe(true);
  const { token } = await createToken(db, SYSTEM_ACTOR, { kind: 'api', name: 'preview test viewer', role: 'viewer' });
  viewer = { authorization: `Bearer ${token}` };
});
afterAll(() => drop());

describe('POST /api/v1/templates/preview', () => {
  it('401 without credentials, and for an unknown token', async () => {
    const anonymous = await preview(draftFromEntry('alert_templates', serviceDown), undefined, {});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatch(/sign in|token/i);
    expect((await preview(draftFromEntry('alert_templates', serviceDown), undefined, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('200 for a viewer: the rule exactly as generate() writes it for that service', async () => {
    const res = await preview(draftFromEntry('alert_templates', serviceDown));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, file: 'prometheus/rules/services.yml', notes: expect.any(Array) });
    const written = generate(seed).files.find((f) => f.path === body.file)!.content;
    expect(written).toContain(body.yaml.slice(body.yaml.indexOf('      - alert: ')));
    expect(body.yaml).toContain('name: service:ollama');
  });

  it("uses the host's address when the service names a registered host, as generate() does", async () => {
    await db.host.create({ data: { name: 'gpu-1', address: '10.9.8.7' } });
    await db.service.update({ where: { name: 'ollama' }, data: { host: 'gpu-1' } });
    try {
      const storageFull = seed.alert_templates.find((t) => t.key === 'storage_full')!;
      const body = await (await preview(draftFromEntry('alert_templates', storageFull))).json();
      expect(body.ok).toBe(true);
      expect(body.yaml).toMatch(/10\\+\.9\\+\.8\\+\.7/); // the address, regex-escaped inside a YAML string
      expect(body.yaml).not.toContain('gpu-1');
    } finally {
      await db.service.update({ where: { name: 'ollama' }, data: { host: '192.168.0.188' } });
      await db.host.delete({ where: { name: 'gpu-1' } });
    }
  });

  it('previews an unsaved draft for a page', async () => {
    const draft = { ...draftFromEntry('alert_templates', serviceDown), key: 'not_saved_yet', expr: 'rum_js_errors_total{page="${page}"} > 5' };
    const body = await (await preview(draft, { kind: 'page', name: '/errors' })).json();
    expect(body.ok).toBe(true);
    expect(body.file).toBe('prometheus/rules/pages.yml');
    expect(body.yaml).toContain('expr: rum_js_errors_total{page="/errors"} > 5');
  });

  it('an invalid draft gives its problems at their fields (200: the request itself is fine)', async () => {
    const draft = { ...draftFromEntry('alert_templates', serviceDown), expr: 'rate(up{job="${job}"})', severity: 'loud' };
    const res = await preview(draft);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.problems).toEqual(
      expect.arrayContaining([
        { field: 'expr', message: expect.stringMatching(/range vector/) },
        { field: 'severity', message: expect.any(String) },
      ]),
    );
  });

  it('400 for malformed bodies, with a clear message', async () => {
    const cases: (BodyInit | null)[] = [
      'not json',
      null,
      JSON.stringify({ draft: {} }),
      JSON.stringify({ draft: {}, target: { kind: 'owner', name: 'x' } }),
      JSON.stringify({ draft: {}, target: { kind: 'service', name: 'ollama' }, extra: 1 }),
      JSON.stringify({ draft: { expr: 42 }, target: { kind: 'service', name: 'ollama' } }),
      JSON.stringify([]),
    ];
    for (const body of cases) {
      const res = await post(body);
      expect(res.status, String(body)).toBe(400);
      expect((await res.json()).error).toMatch(/^malformed request: /);
    }
    const missing = await (await post(JSON.stringify({ draft: {} }))).json();
    expect(missing.error).toContain('target');
  });

  it('404 for a service that is not in the registry; 413 for a body over the limit', async () => {
    const res = await preview(draftFromEntry('alert_templates', serviceDown), { kind: 'service', name: 'no-such-service' });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toContain('no-such-service');
    const huge = JSON.stringify({ draft: { expr: 'x'.repeat(PREVIEW_MAX_BYTES) }, target: { kind: 'service', name: 'ollama' } });
    expect((await post(huge)).status).toBe(413);
  });
});
