// On a fresh installation, load the example registry so the app starts with something to show.
// "Fresh" is remembered: once loaded (or once the registry had content), an emptied registry stays empty.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client';
import { formatProblem } from './errors';
import { importRegistryYaml } from './import';
import { SYSTEM_ACTOR } from '../auth/roles';
import { registryIsEmpty } from './store';

const INITIALISED = 'registry.initialised';

export type ExampleOutcome =
  | { loaded: true; summary: string }
  | { loaded: false; reason: string };

export async function loadExampleRegistryIfFresh(db: Db, file: string): Promise<ExampleOutcome> {
  if (await db.appSetting.findUnique({ where: { key: INITIALISED } })) {
    return { loaded: false, reason: 'the registry was initialised before' };
  }
  if (!(await registryIsEmpty(db))) {
    await markInitialised(db, 'existing registry');
    return { loaded: false, reason: 'the registry already has entries' };
  }
  const result = await importRegistryYaml(db, await readFile(file, 'utf8'), {
    actor: SYSTEM_ACTOR,
    summary: `example registry ${path.basename(file)} loaded on first start`,
  });
  if (!result.ok) {
    throw new Error(`the example registry is invalid:\n${result.problems.map((p) => formatProblem(file, p)).join('\n')}`);
  }
  await markInitialised(db, file);
  const added = Object.entries(result.diff.sections)
    .filter(([, d]) => d.added.length > 0)
    .map(([section, d]) => `${d.added.length} ${section.replace('_', ' ')}`);
  return { loaded: true, summary: added.join(', ') };
}

async function markInitialised(db: Db, value: string): Promise<void> {
  await db.appSetting.upsert({ where: { key: INITIALISED }, create: { key: INITIALISED, value }, update: {} });
}
