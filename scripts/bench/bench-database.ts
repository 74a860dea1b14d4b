// A fresh, migrated bench database holding the synthetic registry of `services` services, for the benchmarks that
// time work on a stored registry. drop() disconnects and removes it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../../lib/db/client';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import { registryToYaml } from '../../lib/registry/export';
import { importRegistryYaml } from '../../lib/registry/import';
import type { Registry } from '../../lib/registry/model';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { createMigratedDatabase, databaseUrlFor, dropDatabase } from '../db/databases.mjs';
import { log } from './stats';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_BENCH_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  db: Db;
  url: string;
  registry: Registry;
  drop(): Promise<void>;
}

export async function benchDatabaseWithRegistry(name: string, services: number): Promise<BenchDatabase> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
  process.env.AWOOOI_ROOT ??= ROOT; // importRegistryYaml reads the shipped templates from here
  await createMigratedDatabase(adminUrl, name);
  const url = databaseUrlFor(adminUrl, name);
  const db = createDb(url, 10);
  const drop = async () => {
    await db.$disconnect();
    await dropDatabase(adminUrl, name);
    log(`dropped ${name}`);
  };
  try {
    const registry = syntheticRegistry({ services, templates: loadDefaultTemplates(ROOT) });
    const loaded = await importRegistryYaml(db, registryToYaml(registry));
    if (!loaded.ok) throw new Error(`the synthetic registry was refused: ${loaded.problems[0]?.message}`);
    return { db, url, registry, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
