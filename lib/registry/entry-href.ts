// Where each entry's pages live. Keys go in the query string: page paths contain "/" and endpoint keys a space.
import type { Section } from './model';

const BASE: Record<Section, string> = {
  services: '/services',
  pages: '/pages',
  api_endpoints: '/endpoints',
  alert_templates: '/templates',
  owners: '/owners',
  hosts: '/hosts',
};

/** The query parameters that name an entry (what the edit page reads back with `keyFromParams`). */
export function keyParams(section: Section, key: string): Record<string, string> {
  switch (section) {
    case 'services':
    case 'owners':
    case 'hosts':
      return { name: key };
    case 'pages':
      return { path: key };
    case 'alert_templates':
      return { key };
    case 'api_endpoints': {
      const space = key.indexOf(' ');
      return { method: key.slice(0, space), path: key.slice(space + 1) };
    }
  }
}

export function keyFromParams(section: Section, params: Record<string, string | string[] | undefined>): string | null {
  const one = (name: string) => {
    const v = params[name];
    return typeof v === 'string' && v !== '' ? v : null;
  };
  switch (section) {
    case 'services':
    case 'owners':
    case 'hosts':
      return one('name');
    case 'pages':
      return one('path');
    case 'alert_templates':
      return one('key');
    case 'api_endpoints': {
      const method = one('method');
      const path = one('path');
      return method && path ? `${method} ${path}` : null;
    }
  }
}

export const listHrefOf = (section: Section) => BASE[section];
export const newHref = (section: Section) => `${BASE[section]}/new`;
export const editHref = (section: Section, key: string) => `${BASE[section]}/edit?${new URLSearchParams(keyParams(section, key))}`;
/** The entity's audit history: one click from its page. */
export const historyHref = (section: string, key: string) => `/audit?${new URLSearchParams({ section, key })}`;
