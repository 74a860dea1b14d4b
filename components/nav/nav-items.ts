// The app's navigation, in display order. A new page is one line here; the sidebar groups by `group`.
import type { Role } from '@/lib/auth/roles';

export interface NavItem {
  href: string;
  label: string;
  group: 'Registry' | 'Monitoring' | 'Admin' | null;
  /** the role the page needs; the sidebar hides what the reader may not open (pages check again on the server) */
  role?: Role;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview', group: null },
  { href: '/services', label: 'Services', group: 'Registry' },
  { href: '/pages', label: 'Pages', group: 'Registry' },
  { href: '/endpoints', label: 'API endpoints', group: 'Registry' },
  { href: '/templates', label: 'Alert templates', group: 'Registry' },
  { href: '/owners', label: 'Owners', group: 'Registry' },
  { href: '/hosts', label: 'Hosts', group: 'Registry' },
  { href: '/registry', label: 'Import / Export', group: 'Registry' },
  { href: '/coverage', label: 'Coverage', group: 'Monitoring' },
  { href: '/wall', label: 'Wall screen', group: 'Monitoring' },
  { href: '/configs', label: 'Configs', group: 'Monitoring' },
  { href: '/slo', label: 'SLOs', group: 'Monitoring' },
  { href: '/discovery', label: 'Discovery', group: 'Monitoring' },
  { href: '/deploy', label: 'Deploy', group: 'Monitoring' },
  { href: '/web-vitals', label: 'Web Vitals', group: 'Monitoring' },
  { href: '/unknown-pages', label: 'Unknown pages', group: 'Monitoring' },
  { href: '/errors', label: 'Errors', group: 'Monitoring' },
  { href: '/audit', label: 'Audit log', group: 'Admin' },
  { href: '/admin/users', label: 'Users', group: 'Admin', role: 'admin' },
  { href: '/admin/tokens', label: 'API tokens & share links', group: 'Admin', role: 'admin' },
];

/** Whether `href` is the current page or one of its sub-pages ("/" only matches itself). */
export function isCurrent(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
