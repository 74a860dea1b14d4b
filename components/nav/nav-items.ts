// The app's navigation, in display order. A new page is one line here; the sidebar groups by `group`.
export interface NavItem {
  href: string;
  label: string;
  group: 'Registry' | 'Monitoring' | 'Admin' | null;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview', group: null },
  { href: '/services', label: 'Services', group: 'Registry' },
  { href: '/pages', label: 'Pages', group: 'Registry' },
  { href: '/endpoints', label: 'API endpoints', group: 'Registry' },
  { href: '/templates', label: 'Alert templates', group: 'Registry' },
  { href: '/registry', label: 'Import / Export', group: 'Registry' },
  { href: '/configs', label: 'Configs', group: 'Monitoring' },
];

/** Whether `href` is the current page or one of its sub-pages ("/" only matches itself). */
export function isCurrent(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
