// What an edit or create form needs from the database: the entry as stored (its `base` for conflict checks)
// and the lists its pickers offer.
import type { Db } from '../db/client';
import { entryKey, type Registry, type Section } from './model';
import { loadRegistry } from './store';

export interface EditContext<E = unknown> {
  entry: E | null;
  ownerNames: string[];
  /** registered hosts, offered in a service's Host field */
  hosts: { name: string; address: string }[];
  templateKeys: string[];
  /** for services' alert pickers: key -> alert name and severity */
  templates: { key: string; alert: string; severity: string }[];
  registry: Registry;
}

export async function loadEditContext(db: Db, section: Section, key: string | null): Promise<EditContext> {
  const registry = await loadRegistry(db);
  const entry = key === null ? null : ((registry[section] as unknown[]).find((e) => entryKey(section, e) === key) ?? null);
  return {
    entry,
    ownerNames: registry.owners.map((o) => o.name),
    hosts: registry.hosts.map((h) => ({ name: h.name, address: h.address })),
    templateKeys: registry.alert_templates.map((t) => t.key),
    templates: registry.alert_templates.map((t) => ({ key: t.key, alert: t.alert, severity: t.severity })),
    registry,
  };
}
