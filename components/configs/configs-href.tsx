// Links and forms within /configs that keep the rest of the view: choosing a file keeps both filters and the
// pages, filtering the files keeps the findings filter and the chosen file, and so on.
import { listHref } from '@/components/list/list-href';
import type { ConfigsQuery } from '@/lib/generate/configs-view';

export type ConfigsLinkState = Pick<ConfigsQuery, 'q' | 'folder' | 'page' | 'fq' | 'kind' | 'fpage' | 'file'>;
type Key = keyof ConfigsLinkState;
const KEYS: readonly Key[] = ['q', 'folder', 'page', 'fq', 'kind', 'fpage', 'file'];

/** The state as URL parameters, defaults left out. */
export function stateParams(state: ConfigsLinkState, overrides: Partial<Record<Key, string | number | undefined>> = {}): Record<Key, string | undefined> {
  const merged: Partial<Record<Key, string | number | undefined>> = { ...state, ...overrides };
  const out = {} as Record<Key, string | undefined>;
  for (const key of KEYS) {
    const value = merged[key];
    const isDefault = value === undefined || value === '' || ((key === 'page' || key === 'fpage') && value === 1);
    out[key] = isDefault ? undefined : String(value);
  }
  return out;
}

export function configsHref(state: ConfigsLinkState, overrides: Partial<Record<Key, string | number | undefined>> = {}): string {
  return listHref('/configs', stateParams(state, overrides));
}

/** Hidden inputs that carry the rest of the view through a GET form (its own fields listed in `omit`). */
export function HiddenState({ state, omit }: { state: ConfigsLinkState; omit: readonly Key[] }) {
  const params = stateParams(state);
  return (
    <>
      {KEYS.filter((k) => !omit.includes(k) && params[k] !== undefined).map((k) => (
        <input key={k} type="hidden" name={k} value={params[k]} />
      ))}
    </>
  );
}

export const fileDownloadHref = (path: string) => `/api/v1/configs/file?${new URLSearchParams({ path }).toString()}`;
