// The bulk-edit form's state and the request it becomes (the shape bulkEditServicesAction takes). Pure.
import type { BulkServiceEdit } from '@/lib/registry/edit';
import type { ServiceMonitoring } from '@/lib/registry/model';

export type Flag = keyof ServiceMonitoring;
/** '' = leave as each service has it */
export type FlagChoice = '' | 'on' | 'off';

export const FLAGS: readonly (readonly [Flag, string])[] = [
  ['prometheus', 'Prometheus'],
  ['sentry', 'Sentry'],
  ['otel', 'OpenTelemetry'],
  ['langfuse', 'Langfuse'],
];

export interface ChangeState {
  add: string[];
  remove: string[];
  /** '' = leave unchanged */
  owner: string;
  monitoring: Record<Flag, FlagChoice>;
}

export const NO_CHANGE: ChangeState = {
  add: [],
  remove: [],
  owner: '',
  monitoring: { prometheus: '', sentry: '', otel: '', langfuse: '' },
};

export function bulkRequest(names: string[], c: ChangeState): BulkServiceEdit {
  const monitoring: Partial<ServiceMonitoring> = {};
  for (const [flag] of FLAGS) if (c.monitoring[flag] !== '') monitoring[flag] = c.monitoring[flag] === 'on';
  return {
    names,
    ...(c.add.length > 0 && { addAlerts: c.add }),
    ...(c.remove.length > 0 && { removeAlerts: c.remove }),
    ...(c.owner !== '' && { owner: c.owner }),
    ...(Object.keys(monitoring).length > 0 && { monitoring }),
  };
}

export const hasChange = (c: ChangeState) =>
  c.add.length > 0 || c.remove.length > 0 || c.owner !== '' || Object.values(c.monitoring).some((v) => v !== '');

/** Toggles a template in one list and takes it out of the other: adding and removing the same one is refused. */
export function toggleTemplate(c: ChangeState, list: 'add' | 'remove', key: string, on: boolean): ChangeState {
  const other = list === 'add' ? 'remove' : 'add';
  const next = on ? [...c[list].filter((k) => k !== key), key] : c[list].filter((k) => k !== key);
  return { ...c, [list]: next, [other]: on ? c[other].filter((k) => k !== key) : c[other] };
}
