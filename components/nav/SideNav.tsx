'use client';
// Client component only because the current path comes from usePathname (the layout does not get it).
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { roleAllows, type Role } from '@/lib/auth/roles';
import { NAV_ITEMS, isCurrent, type NavItem } from './nav-items';

function groupsInOrder(items: readonly NavItem[]): [NavItem['group'], NavItem[]][] {
  const groups = new Map<NavItem['group'], NavItem[]>();
  for (const item of items) {
    const list = groups.get(item.group) ?? [];
    list.push(item);
    groups.set(item.group, list);
  }
  return [...groups.entries()];
}

export function SideNav({ role }: { role: Role | null }) {
  const pathname = usePathname() ?? '/';
  const visible = NAV_ITEMS.filter((item) => !item.role || roleAllows(role, item.role));
  return (
    <nav aria-label="Main" className="flex flex-col gap-5 px-3 py-4">
      {groupsInOrder(visible).map(([group, items]) => (
        <div key={group ?? 'top'}>
          {group && (
            <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{group}</h2>
          )}
          <ul className="flex flex-col gap-0.5">
            {items.map((item) => {
              const current = isCurrent(item.href, pathname);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? 'page' : undefined}
                    className={
                      'block rounded-md px-3 py-1.5 text-sm no-underline hover:no-underline ' +
                      (current
                        ? 'bg-indigo-50 font-semibold text-indigo-800'
                        : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900')
                    }
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
