// Which entries lack what: per dimension, the first gaps (each a link to its edit form, or to the Discovery page
// for an unregistered workload) and how many more there are.
import Link from 'next/link';
import type { Dimension } from '@/lib/coverage/board-types';

const KIND_NOUN: Record<string, [string, string]> = {
  services: ['service', 'services'],
  pages: ['page', 'pages'],
  api_endpoints: ['API endpoint', 'API endpoints'],
  workload: ['unregistered workload', 'unregistered workloads'],
};

function nounFor(d: Dimension): string {
  const kind = d.gaps[0]?.kind ?? 'services';
  const [one, many] = KIND_NOUN[kind] ?? ['entry', 'entries'];
  return d.gapCount === 1 ? one : many;
}

export function GapLists({ dimensions }: { dimensions: Dimension[] }) {
  const withGaps = dimensions.filter((d) => d.gapCount > 0);
  if (withGaps.length === 0) return <p className="text-sm text-slate-600">No gaps: every entry has every kind of monitoring counted here.</p>;
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
      {withGaps.map((d) => {
        const id = `gaps-${d.key.replace('.', '-')}`;
        const more = d.gapCount - d.gaps.length;
        return (
          <section key={d.key} aria-labelledby={id} data-testid={`gaps-${d.key}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
            <h3 id={id} className="text-sm font-semibold text-slate-900">
              {d.label}
              <span className="ml-2 font-normal text-slate-600">
                {d.gapCount.toLocaleString('en-US')} {nounFor(d)} without
              </span>
            </h3>
            <p className="mb-2 text-xs text-slate-600">{d.description}</p>
            <ul className="flex flex-wrap gap-x-3 gap-y-1 text-sm">
              {d.gaps.map((g) => (
                <li key={`${g.kind} ${g.key}`}>
                  <Link href={g.href} className="font-mono text-xs" title={g.kind === 'workload' ? 'Register it on the Discovery page' : `Edit ${g.key}`}>
                    {g.key}
                  </Link>
                </li>
              ))}
              {more > 0 && <li className="text-slate-600">and {more.toLocaleString('en-US')} more</li>}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
