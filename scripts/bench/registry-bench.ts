// Registry at scale: a 10,000-service synthetic registry (shipped alert templates) as YAML, parsed, imported into
// PostgreSQL, re-imported, edited by ~10 %, exported, and round-tripped.
//
// Runs against the server at BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres): creates a
// fresh database awoooi_bench on it, migrates it, and drops it at the end. BENCH_SERVICES (default 10000) and
// BENCH_RUNS (default 3) change the size and the repetitions.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../../lib/db/client';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import type { RegistryDiff } from '../../lib/registry/diff-types';
import { registryToYaml } from '../../lib/registry/export';
import { importRegistryYaml, registryMaxBytes, type ImportResult } from '../../lib/registry/import';
import type { Registry } from '../../lib/registry/model';
import { SECTIONS } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';
import { loadRegistry } from '../../lib/registry/store';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { createMigratedDatabase, databaseUrlFor, describeUrl, dropDatabase, withServer } from '../db/databases.mjs';
import type { Benchmark, BenchResult, Check, Measure } from './run';
import { rawInsertRegistry } from './raw-insert';
import { coldAndMedian, log, median, positiveInt, timed } from './stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'awoooi_bench';

const IMPORT_TARGET_MS = 3_000;
const EXPORT_TARGET_MS = 1_000;






function imported(result: ImportResult, what: string): Extract<ImportResult, { ok: true }> {
  if (!result.ok) {
    const problems = result.problems.slice(0, 5).map((p) => `  ${p.line}:${p.column} ${p.path}: ${p.message}`);
    throw new Error(`${what}: import refused the file (${result.problems.length} problems):\n${problems.join('\n')}`);
  }
  return result;
}

function diffSummary(diff: RegistryDiff): string {
  if (diff.empty) return 'no changes';
  return SECTIONS.map((section) => {
    const s = diff.sections[section];
    const parts = [
      s.added.length && `+${s.added.length}`,
      s.changed.length && `~${s.changed.length}`,
      s.removed.length && `-${s.removed.length}`,
    ].filter(Boolean);
    return parts.length ? `${section} ${parts.join(' ')}` : '';
  })
    .filter(Boolean)
    .join(', ');
}

function diffDetail(diff: RegistryDiff): string {
  const lines: string[] = [`  diff: ${diffSummary(diff)}`];
  for (const section of SECTIONS) {
    const s = diff.sections[section];
    for (const key of s.added.slice(0, 3)) lines.push(`  ${section}: added ${key}`);
    for (const key of s.removed.slice(0, 3)) lines.push(`  ${section}: removed ${key}`);
    for (const c of s.changed.slice(0, 3)) {
      for (const f of c.changes.slice(0, 3)) {
        lines.push(`  ${section} ${c.key}: ${f.field} ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`);
      }
    }
  }
  return lines.join('\n');
}

/** Where two texts first differ, with the line number, for a failed byte-identity check. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return [
        `  sizes: ${expected.length} vs ${actual.length} characters, ${a.length} vs ${b.length} lines`,
        `  first difference at line ${i + 1}:`,
        `    expected: ${JSON.stringify(a[i] ?? '<end of text>')}`,
        `    actual:   ${JSON.stringify(b[i] ?? '<end of text>')}`,
      ].join('\n');
    }
  }
  return '  (texts are identical)';
}

function identical(name: string, expected: string, actual: string): Check {
  const ok = expected === actual;
  return { name, ok, detail: ok ? undefined : firstDifference(expected, actual) };
}

/** The base registry with every 10th service (by name) replaced by the `variant` generator's values. */
function tenPercentVariant(base: Registry, services: number, templates: Registry['alert_templates']): Registry {
  const other = syntheticRegistry({ services, templates, variant: 1 });
  return {
    ...base,
    services: base.services.map((s, i) => {
      const alt = other.services[i];
      if (!alt || alt.name !== s.name) throw new Error(`variant generator renamed ${s.name}; expected the same names`);
      return i % 10 === 0 ? alt : s;
    }),
  };
}

async function run(): Promise<BenchResult> {
  const services = positiveInt(process.env.BENCH_SERVICES, 10_000);
  const runs = positiveInt(process.env.BENCH_RUNS, 3);
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
  const benchUrl = databaseUrlFor(adminUrl, BENCH_DB);
  process.env.AWOOOI_ROOT ??= ROOT; // importRegistryYaml reads the shipped templates from here

  const measures: Measure[] = [];
  const checks: Check[] = [];
  const environment: Record<string, string> = {};

  let db: Db | undefined;
  try {
    const version = await withServer(adminUrl, (admin) => admin.query<{ version: string }>('SELECT version()'));
    environment.postgresql = version.rows[0]!.version.replace(/ on .*$/, '').replace(/,.*$/, '');
    environment.database = `${describeUrl(benchUrl)} (created for this run, dropped at the end)`;
    const { migrateOutput } = await createMigratedDatabase(adminUrl, BENCH_DB);
    log(`created ${describeUrl(benchUrl)}; ${migrateOutput.split('\n')[0]}`);
    db = createDb(benchUrl, 10);
    const bench = db;
    const truncate = () =>
      bench.$executeRawUnsafe(`TRUNCATE "Service", "Page", "ApiEndpoint", "AlertTemplate", "Owner" RESTART IDENTITY CASCADE`);
    const exportYaml = async () => registryToYaml(await loadRegistry(bench));

    // --- the files ------------------------------------------------------------------------------------------
    const templates = loadDefaultTemplates(ROOT);
    const base = syntheticRegistry({ services, templates });
    const yaml = registryToYaml(base);
    const variantYaml = registryToYaml(tenPercentVariant(base, services, templates));
    environment.registry =
      `${base.services.length} services, ${base.pages.length} pages, ${base.api_endpoints.length} API endpoints, ` +
      `${base.alert_templates.length} alert templates, ${base.owners.length} owners`;
    environment.runs = `${runs} per timed step (the 1st is cold; median over all ${runs})`;
    measures.push({
      name: 'YAML size (ceiling: the import size limit)',
      value: Buffer.byteLength(yaml),
      unit: 'bytes',
      max: registryMaxBytes(),
      note: `${yaml.split('\n').length.toLocaleString('en-US')} lines`,
    });

    // --- parse + validate -----------------------------------------------------------------------------------
    const parse = await timed('parse + validate', runs, () => parseRegistryYaml(yaml, { defaultTemplates: templates }));
    if (!parse.last.ok) throw new Error(`the synthetic registry does not validate: ${parse.last.problems[0]?.message}`);
    measures.push(...coldAndMedian('parse + validate', parse.times));

    // --- the floor: the same rows as plain multi-row INSERTs ------------------------------------------------------
    const raw = await timed('raw multi-row INSERT of the same rows', runs, () => rawInsertRegistry(benchUrl, base), truncate);
    const RAW = `raw multi-row INSERT of the same rows: median of ${runs}`;

    // --- import into an empty database ------------------------------------------------------------------------
    const fresh = await timed('import into empty DB', runs, async () => imported(await importRegistryYaml(bench, yaml), 'import'), truncate);
    measures.push(...coldAndMedian('import into empty DB', fresh.times, IMPORT_TARGET_MS, diffSummary(fresh.last.diff)));
    measures.at(-1)!.vs = RAW;
    measures.push({ name: RAW, value: median(raw.times), unit: 'ms', note: 'node-postgres, one transaction: no parsing, checks, diff or audit' });

    // --- re-import of the same file ----------------------------------------------------------------------------
    const again = await timed('re-import, no changes', runs, async () => imported(await importRegistryYaml(bench, yaml), 're-import'));
    measures.push(...coldAndMedian('re-import, no changes', again.times, undefined, diffSummary(again.last.diff)));
    checks.push({
      name: 're-import of the same file changes nothing',
      ok: again.last.diff.empty,
      detail: again.last.diff.empty ? undefined : diffDetail(again.last.diff),
    });

    // --- ~10 % of services changed ---------------------------------------------------------------------------
    const preview = await timed('preview (dry run), 10 % changed', runs, async () =>
      imported(await importRegistryYaml(bench, variantYaml, { dryRun: true }), 'preview'),
    );
    measures.push(...coldAndMedian('preview (dry run), 10 % changed', preview.times, undefined, diffSummary(preview.last.diff)));
    const restore = async () => imported(await importRegistryYaml(bench, yaml), 'restore');
    const edit = await timed(
      'import, 10 % changed',
      runs,
      async () => imported(await importRegistryYaml(bench, variantYaml), 'import 10 %'),
      restore,
    );
    measures.push(...coldAndMedian('import, 10 % changed', edit.times, undefined, diffSummary(edit.last.diff)));

    // --- export (what GET /api/v1/registry does) ---------------------------------------------------------------
    await restore();
    let loadMs: number[] = [];
    let dumpMs: number[] = [];
    const exported = await timed('export', runs, async () => {
      const t0 = performance.now();
      const registry = await loadRegistry(bench);
      const t1 = performance.now();
      const text = registryToYaml(registry);
      loadMs.push(t1 - t0);
      dumpMs.push(performance.now() - t1);
      return text;
    });
    measures.push(...coldAndMedian('export (loadRegistry + registryToYaml)', exported.times, EXPORT_TARGET_MS));
    measures.push({ name: `  of which loadRegistry: median of ${runs}`, value: median(loadMs), unit: 'ms' });
    measures.push({ name: `  of which registryToYaml: median of ${runs}`, value: median(dumpMs), unit: 'ms' });
    [loadMs, dumpMs] = [[], []];

    // --- round trips -------------------------------------------------------------------------------------------
    log('round trips');
    const first = exported.last;
    checks.push(identical('file -> import -> export is byte-identical to the file', yaml, first));

    await truncate();
    imported(await importRegistryYaml(bench, first), 'round trip 1');
    checks.push(identical('export -> import (empty DB) -> export is byte-identical', first, await exportYaml()));

    await truncate();
    imported(await importRegistryYaml(bench, variantYaml), 'round trip 2');
    const second = imported(await importRegistryYaml(bench, await exportYaml()), 'round trip 2, re-import');
    const unchanged = second.diff.empty && second.revision === second.baseRevision;
    checks.push({
      name: 'import -> export -> import gives an empty diff',
      ok: unchanged,
      detail: unchanged ? undefined : `${diffDetail(second.diff)}\n  revision ${second.baseRevision} -> ${second.revision}`,
    });

    return { measures, checks, environment };
  } finally {
    await db?.$disconnect();
    await dropDatabase(adminUrl, BENCH_DB);
    log(`dropped ${describeUrl(benchUrl)}`);
  }
}

export const registryBench: Benchmark = {
  name: 'registry',
  description: 'registry YAML parse, import, re-import, 10 % edit, export and round trips at 10,000 services',
  run,
};
