// Run by scripts/start.mjs after migrations: loads registry/service-registry.yaml into a fresh database.
// AWOOOI_EXAMPLE_REGISTRY names another file, or "none" to start empty.
import path from 'node:path';
import { createDb } from '../lib/db/client';
import { loadExampleRegistryIfFresh } from '../lib/registry/example';

const choice = process.env.AWOOOI_EXAMPLE_REGISTRY ?? 'registry/service-registry.yaml';
if (choice === 'none') {
  console.log('example registry: not loaded (AWOOOI_EXAMPLE_REGISTRY=none)');
  process.exit(0);
}
const db = createDb();
try {
  const outcome = await loadExampleRegistryIfFresh(db, path.resolve(choice));
  console.log(outcome.loaded ? `example registry: loaded ${choice} (${outcome.summary})` : `example registry: skipped, ${outcome.reason}`);
} catch (error) {
  console.error(`example registry: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
