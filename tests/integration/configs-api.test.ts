// The Configs API as the route handlers serve it, against the real PostgreSQL and the real promtool/amtool;
// plus the pure view logic the Configs page is built from (file list, highlighting, finding links).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import type { Env } from '../../lib/generate/app-settings';
import { checkGenerated } from '../../lib/generate/check';
import { HIGHLIGHT_MAX_LINES, countLines, highlightFile, splitHighlightedLines } from '../../lib/generate/configs-highlight';
import { getConfigFileResponse, getConfigsResponse, type ConfigsDeps } from '../../lib/generate/configs-http';
import { createToken } from '../../lib/auth/tokens';
import { SYSTEM_ACTOR } from '../../lib/auth/roles';
import { FOLDER_PAGE_SIZE, FOLDER_PREVIEW, fileListView, filterFindings, findingHref, parseConfigsQuery } from '../../lib/generate/configs-view';
import { generate } from '../../lib/generate/index';
import { registryRevision } from '../../lib/registry/export';
import { importRegistryYaml } from '../../lib/registry/import';
import { createTestDatabase } from '../helpers/test-database';
import { seedRegistry } from '../helpers/seed';

const seedText = readFileSync('registry/service-registry.yaml', 'utf8');
let db: Db;
let drop: () => Promise<void>;
let tmp: string;
const noSettings: Env = {};
const deps = (extra: ConfigsDeps = {}): ConfigsDeps => ({ database: () => db, env: noSettings, ...extra });

let viewer: Record<string, string> = {};
const list = (query = '', extra?: ConfigsDeps) =>
  getConfigsResponse(new Request(`http://test/api/v1/configs${query}`, { headers: viewer }), deps(extra));
const file = (query: string, extra?: ConfigsDeps) =>
  getConfigFileResponse(new Request(`http://test/api/v1/configs/file${query}`, { headers: viewer }), deps(extra));

function settingsFile(name: string, text: string): Env {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return { GENERATE_SETTINGS_FILE: p };
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  tmp = mkdtempSync(path.join(os.tmpdir(), 'configs-api-'));
  const { token } = await createToken(db, SYSTEM_ACTOR, { kind: 'api', name: 'configs test', role: 'viewer' });
  viewer = { authorization: `Bearer ${token}` };
});
afterAll(async () => {
  await drop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('GET /api/v1/configs', () => {
  it('needs a viewer: 401 without credentials or with a revoked token', async () => {
    const anonymous = await getConfigsResponse(new Request('http://test/api/v1/configs'), deps());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bogus = await getConfigFileResponse(
      new Request('http://test/api/v1/configs/file?path=prometheus/prometheus.yml', { headers: { authorization: 'Bearer awm_nope' } }),
      deps(),
    );
    expect(bogus.status).toBe(401);
    expect((await bogus.json()).error).toMatch(/unknown, revoked or expired/);
  });

  it('works on an empty registry: the static files, nothing skipped', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.files.map((f: { path: string }) => f.path)).toContain('prometheus/prometheus.yml');
    expect(body.findings).toEqual([]);
    expect(body.checks).toBeUndefined();
  });

  it('lists the files generated from the stored registry, with sizes and findings', async () => {
    const imported = await importRegistryYaml(db, seedText);
    expect(imported.ok).toBe(true);
    const expected = generate(seedRegistry());
    const body = await (await list()).json();
    expect(body.revision).toBe(registryRevision(seedRegistry()));
    expect(body.files).toEqual(expected.files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) })));
    expect(body.findings).toEqual(expected.findings);
    expect(body.findings).toContainEqual(expect.objectContaining({ kind: 'skipped', entry: 'services/awoooi-web', item: 'slow_page_load' }));
  });

  it('adds the tools’ verdict with ?check=1: promtool and amtool pass the seed’s configs', async () => {
    const body = await (await list('?check=1')).json();
    expect(body.checks.tools.promtool).toMatch(/^\d+\.\d+/);
    expect(body.checks.tools.amtool).toMatch(/^\d+\.\d+/);
    const byPath = new Map(body.checks.files.map((f: { path: string }) => [f.path, f]));
    expect(byPath.get('prometheus/prometheus.yml')).toMatchObject({ status: 'ok', tool: expect.stringContaining('promtool check config') });
    // promtool check config loads the rule files it names; either way promtool checked them
    expect(byPath.get('prometheus/rules/services.yml')).toMatchObject({ status: 'ok', tool: expect.stringMatching(/promtool check (config|rules)/) });
    expect(byPath.get('alertmanager/alertmanager.yml')).toMatchObject({ status: 'ok', tool: 'amtool check-config' });
    expect(body.checks.files.filter((f: { status: string }) => f.status === 'failed')).toEqual([]);
  });

  it('generates and checks once per (revision, settings): repeated requests reuse both', async () => {
    let runs = 0;
    const checker = (files: Parameters<typeof checkGenerated>[0]) => {
      runs++;
      return checkGenerated(files);
    };
    // New settings make a new cache key, so this checker is the one the snapshot keeps.
    const env = settingsFile('fast.yml', 'prometheus:\n  scrape_interval: 15s\n');
    const first = await (await list('?check=1', { env, checker })).json();
    const again = await (await list('?check=1', { env, checker })).json();
    expect(runs).toBe(1);
    expect(again).toEqual(first);
    const config = await (await file('?path=prometheus/prometheus.yml', { env, checker })).text();
    expect(config).toContain('scrape_interval: 15s');

    // A registry change is a new revision: generated and checked again.
    expect((await importRegistryYaml(db, seedText.replace('port: 6380', 'port: 6390'))).ok).toBe(true);
    const changed = await (await list('?check=1', { env, checker })).json();
    expect(runs).toBe(2);
    expect(changed.revision).not.toBe(first.revision);
    expect((await importRegistryYaml(db, seedText)).ok).toBe(true);
  });

  it('reports an invalid settings file as a 500 naming the file, the path and the problem', async () => {
    const env = settingsFile('bad.yml', 'prometheus:\n  scrape_interval: soon\nblackbox:\n  colour: red\n');
    const res = await list('', { env });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.settings.file).toBe(env.GENERATE_SETTINGS_FILE);
    expect(body.settings.problems).toEqual(
      expect.arrayContaining([
        { path: 'prometheus.scrape_interval', message: expect.stringMatching(/Prometheus duration/) },
        { path: 'blackbox', message: 'unknown field "colour"' },
      ]),
    );

    const broken = await (await list('', { env: settingsFile('broken.yml', 'prometheus:\n  scrape_interval: [30s\n') })).json();
    expect(broken.settings.problems[0]).toMatchObject({ path: '', line: expect.any(Number), message: expect.stringMatching(/not valid YAML/) });
    const missing = await (await list('', { env: { GENERATE_SETTINGS_FILE: path.join(tmp, 'nope.yml') } })).json();
    expect(missing.settings.problems[0].message).toMatch(/no such file/);
  });

  it('answers 503 when the database is down', async () => {
    const unreachable = createDb('postgresql://postgres@127.0.0.1:1/nowhere', 1);
    try {
      const res = await getConfigsResponse(new Request('http://test/api/v1/configs', { headers: viewer }), { database: () => unreachable, env: noSettings });
      expect(res.status).toBe(503);
      expect((await res.json()).error).toMatch(/database/);
    } finally {
      await unreachable.$disconnect();
    }
  });
});

describe('GET /api/v1/configs/file', () => {
  it('downloads a file exactly as generated, typed by its extension', async () => {
    const expected = new Map(generate(seedRegistry()).files.map((f) => [f.path, f.content]));
    const yml = await file('?path=prometheus/prometheus.yml');
    expect(yml.status).toBe(200);
    expect(yml.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(yml.headers.get('content-disposition')).toBe('attachment; filename="prometheus.yml"');
    expect(await yml.text()).toBe(expected.get('prometheus/prometheus.yml'));

    const targets = await file('?path=blackbox/targets.json');
    expect(targets.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await targets.text()).toBe(expected.get('blackbox/targets.json'));
  });

  it('answers 400 without a path and 404 with a JSON error for an unknown one', async () => {
    const missing = await file('');
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/path/);
    for (const p of ['prometheus/nope.yml', '../etc/passwd', 'prometheus']) {
      const res = await file(`?path=${encodeURIComponent(p)}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect((await res.json()).error).toContain(p);
    }
  });
});

describe('the Configs page’s view of the files', () => {
  const dashboards = Array.from({ length: 10_000 }, (_, i) => ({ path: `grafana/dashboards/svc-${String(i).padStart(5, '0')}.json`, bytes: 100 }));
  const files = [{ path: 'alertmanager/alertmanager.yml', bytes: 10 }, ...dashboards, { path: 'prometheus/prometheus.yml', bytes: 10 }];
  const query = (sp: Record<string, string>) => parseConfigsQuery(sp).query;

  it('collapses a 10,000-file folder, keeps the selected file visible, and opens it a page at a time', () => {
    const overview = fileListView(files, query({ file: 'grafana/dashboards/svc-09999.json' }));
    const grafana = overview.groups.find((g) => g.folder === 'grafana/dashboards')!;
    expect(grafana.total).toBe(10_000);
    expect(grafana.shown).toHaveLength(FOLDER_PREVIEW + 1);
    expect(grafana.shown.at(-1)?.path).toBe('grafana/dashboards/svc-09999.json');
    expect(overview.groups.map((g) => g.folder)).toEqual(['alertmanager', 'grafana/dashboards', 'prometheus']);

    const page3 = fileListView(files, query({ folder: 'grafana/dashboards', page: '3' }));
    expect(page3.groups).toHaveLength(1);
    expect(page3.groups[0]!.shown[0]!.path).toBe(`grafana/dashboards/svc-${String(2 * FOLDER_PAGE_SIZE).padStart(5, '0')}.json`);
    expect(page3.folderPages).toEqual({ folder: 'grafana/dashboards', page: 3, pageCount: 10_000 / FOLDER_PAGE_SIZE, pageSize: FOLDER_PAGE_SIZE });

    const past = fileListView(files, query({ folder: 'grafana/dashboards', page: '999' }));
    expect(past.folderPages?.page).toBe(10_000 / FOLDER_PAGE_SIZE);
    expect(past.problems[0]).toMatch(/does not exist/);
  });

  it('filters by part of the path, case-insensitively', () => {
    const view = fileListView(files, query({ q: 'SVC-0421' }));
    expect(view.matched).toBe(10);
    expect(view.groups[0]!.shown.map((f) => f.path)).toContain('grafana/dashboards/svc-04210.json');
    expect(fileListView(files, query({ q: 'nothing-like-this' })).groups).toEqual([]);
  });

  it('explains bad parameters instead of failing', () => {
    const { query: q, problems } = parseConfigsQuery({ page: 'two', fpage: '0', kind: 'warning' });
    expect(q.page).toBe(1);
    expect(q.fpage).toBe(1);
    expect(q.kind).toBeUndefined();
    expect(problems).toHaveLength(3);
  });

  it('filters findings by kind and by text in the entry, item or message', () => {
    const findings = generate(seedRegistry()).findings;
    expect(filterFindings(findings, '', undefined)).toBe(findings);
    expect(filterFindings(findings, '', 'skipped').every((f) => f.kind === 'skipped')).toBe(true);
    const worker = filterFindings(findings, 'AWOOOI-WORKER', undefined);
    expect(worker.length).toBeGreaterThanOrEqual(2);
    expect(worker.every((f) => f.entry === 'services/awoooi-worker')).toBe(true);
    expect(filterFindings(findings, 'slow_page_load', 'skipped').map((f) => f.entry)).toEqual(['services/awoooi-web']);
    expect(filterFindings(findings, 'exec probe', 'skipped')).toEqual([]);
    expect(filterFindings(findings, 'exec probe', 'note')).toHaveLength(1);
  });

  it('links findings to the registry list filtered to their entry', () => {
    expect(findingHref('services/ollama')).toBe('/services?q=ollama');
    expect(findingHref('pages//errors')).toBe('/pages?q=%2Ferrors');
    expect(findingHref('api_endpoints/POST /api/v1/analyze')).toBe('/endpoints?q=%2Fapi%2Fv1%2Fanalyze&method=POST');
    expect(findingHref('alert_templates/pod_crash')).toBe('/templates?q=pod_crash');
    expect(findingHref('owners/ai-team')).toBe('/services?owner=ai-team');
    expect(findingHref('settings')).toBeUndefined();
  });
});

describe('highlighting', () => {
  it('numbers every line and keeps each line well-formed when a token spans lines', () => {
    const text = 'a: |\n  one\n  two\nb: 2\n';
    const { lines, totalLines, truncated, language } = highlightFile('x.yml', text);
    expect(language).toBe('yaml');
    expect(totalLines).toBe(4);
    expect(truncated).toBe(false);
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.match(/<span/g)?.length ?? 0).toBe(line.match(/<\/span>/g)?.length ?? 0);
    expect(lines.map((l) => l.replace(/<[^>]+>/g, ''))).toEqual(['a: |', '  one', '  two', 'b: 2']);
    expect(splitHighlightedLines('<span class="s">x\ny</span>z')).toEqual(['<span class="s">x</span>', '<span class="s">y</span>z']);
  });

  it('escapes what it shows and highlights JSON', () => {
    const { lines } = highlightFile('d.json', '{"title": "<script>alert(1)</script>"}\n');
    expect(lines[0]).not.toContain('<script>');
    expect(lines[0]).toContain('&lt;script&gt;');
    expect(lines[0]).toContain('hljs-attr');
  });

  it('highlights only the start of a huge file and says how long it is', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `key_${i}: value ${i}`).join('\n') + '\n';
    const h = highlightFile('prometheus/rules/services.yml', text);
    expect(h.totalLines).toBe(50_000);
    expect(countLines(text)).toBe(50_000);
    expect(h.truncated).toBe(true);
    expect(h.lines).toHaveLength(HIGHLIGHT_MAX_LINES);
    expect(h.lines.at(-1)!.replace(/<[^>]+>/g, '')).toBe(`key_${HIGHLIGHT_MAX_LINES - 1}: value ${HIGHLIGHT_MAX_LINES - 1}`);
  });
});
