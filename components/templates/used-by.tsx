// The services and pages that use a template, each linking to its edit page. Used on the editor and in the
// refusal to delete a template in use. No hooks: renders on the server or inside client components.
import Link from 'next/link';
import { editHref } from '@/lib/registry/entry-href';
import type { TemplateUser } from '@/lib/templates/users';

export type { TemplateUser };

export const userHref = (u: TemplateUser) => editHref(u.kind === 'service' ? 'services' : 'pages', u.name);

export function UsedByList({ users, emptyText = 'No service or page uses this template.' }: { users: TemplateUser[]; emptyText?: string }) {
  if (users.length === 0) return <p className="text-sm text-slate-600">{emptyText}</p>;
  const services = users.filter((u) => u.kind === 'service');
  const pages = users.filter((u) => u.kind === 'page');
  const group = (title: string, list: TemplateUser[]) =>
    list.length > 0 && (
      <div>
        <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
          {title} ({list.length})
        </h3>
        <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm">
          {list.map((u) => (
            <li key={`${u.kind}:${u.name}`}>
              <Link href={userHref(u)} className="font-mono text-xs">
                {u.name}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    );
  return (
    <div className="space-y-2">
      {group('Services', services)}
      {group('Pages', pages)}
    </div>
  );
}
