// Browser edits at scale: with a 10,000-service registry stored, what a form page and its server actions cost.
// Opening an edit form (loadEditContext), saving one service (planSave + changeRegistry + audit), and a bulk
// edit that adds an alert template to 500 services (one transaction, one audit entry).
//
// Same database conventions as registry-bench: BENCH_DATABASE_URL's server gets a fresh awoooi_bench_edit, dropped
// at the end; BENCH_SERVICES and BENCH_RUNS change the size and the repetitions.
import type { Actor } from '../../lib/auth/roles';
import { loadEditContext } from '../../lib/registry/edit-context';
import { bulkEditServices, saveEntry, type EditResult } from '../../lib/registry/edit-store';
import { draftFromEntry } from '../../lib/registry/entry-draft';
import type { Service } from '../../lib/registry/model';
import { benchDatabaseWithRegistry } from './bench-database';
import type { Benchmark, BenchResult, Check, Measure } from './run';
import { coldAndMedian, positiveInt, timed } from './stats';

const BENCH_DB = 'awoooi_bench_edit';
const BULK_SIZE = 500;

// What an editor notices: a form that opens or saves in under a second, a bulk change in under two.
const OPEN_TARGET_MS = 1_000;
const SAVE_TARGET_MS = 1_000;
const BULK_TARGET_MS = 2_000;

const ACTOR: Actor = { kind: 'system', id: null, name: 'edit-bench', role: 'admin' };




function saved(result: EditResult, what: string): void {
  if (!result.ok) throw new Error(`${what} was refused: ${JSON.stringify(result)}`);
  if (!result.changed) throw new Error(`${what} changed nothing; the bench would time a no-op`);
}

async function run(): Promise<BenchResult> {
  const services = positiveInt(process.env.BENCH_SERVICES, 10_000);
  const runs = positiveInt(process.env.BENCH_RUNS, 5);

  const measures: Measure[] = [];
  const checks: Check[] = [];
  const stored = await benchDatabaseWithRegistry(BENCH_DB, services);
  try {
    const bench = stored.db;
    const registry = stored.registry;
    const target = registry.services[Math.floor(services / 2)]!.name;

    // --- open the edit form of one service --------------------------------------------------------------------
    const open = await timed('open edit form', runs, () => loadEditContext(bench, 'services', target));
    measures.push(...coldAndMedian('open a service form (loadEditContext)', open.times, OPEN_TARGET_MS, `${services.toLocaleString('en-US')} services stored`));

    // --- save one service: a different port each run, so every save writes ------------------------------------
    const save = await timed('save one service', runs, async (i) => {
      const context = await loadEditContext(bench, 'services', target);
      const base = context.entry as Service;
      const draft = { ...draftFromEntry('services', base), port: String(20_000 + i) };
      const result = await saveEntry(bench, ACTOR, { section: 'services', originalKey: target, base, draft });
      saved(result, `saving ${target}`);
      return result;
    });
    measures.push(...coldAndMedian('save one service (form load + save + audit)', save.times, SAVE_TARGET_MS));

    // --- bulk: add then remove a template on 500 services, alternating so every run changes them all -----------
    const names = registry.services.slice(0, BULK_SIZE).map((s) => s.name);
    const template = registry.alert_templates.find((t) => !registry.services[0]!.alerts.includes(t.key))!.key;
    const bulk = await timed(`bulk edit ${BULK_SIZE}`, runs, async (i) => {
      const req = i % 2 === 0 ? { names, addAlerts: [template] } : { names, removeAlerts: [template] };
      const result = await bulkEditServices(bench, ACTOR, req);
      saved(result, `bulk edit run ${i + 1}`);
      return result;
    });
    measures.push(...coldAndMedian(`bulk edit: one template on ${BULK_SIZE} services`, bulk.times, BULK_TARGET_MS, 'one transaction, one audit entry'));

    // every timed change left one audit entry, and nothing else did
    const audited = await bench.auditEntry.count({ where: { actorName: ACTOR.name } });
    checks.push({ name: `each of the ${runs * 2} timed changes wrote one audit entry`, ok: audited === runs * 2, detail: `found ${audited}` });

    return {
      measures,
      checks,
      environment: { registry: `${services} services`, runs: `${runs} per timed step (the 1st is cold)` },
    };
  } finally {
    await stored.drop();
  }
}

export const editBench: Benchmark = {
  name: 'edit',
  description: `browser edits at 10,000 services: open a form, save one service, bulk edit ${BULK_SIZE}`,
  run,
};
