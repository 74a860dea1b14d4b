// The dashboard's tiles: one per dimension, with the figure, its status as a word and a glyph (not colour
// alone), what it counts, and the change over 7 days.
import { Badge } from '@/components/ui/Badge';
import type { Dimension } from '@/lib/coverage/board-types';
import { changeOf, countsOf, lookOf, shownPercent } from './format';

export function StatusBadge({ dimension }: { dimension: Pick<Dimension, 'status'> }) {
  const look = lookOf(dimension.status);
  return (
    <Badge tone={look.tone}>
      <span aria-hidden="true" className="mr-1">
        {look.icon}
      </span>
      {look.word}
    </Badge>
  );
}

export function ChangeText({ change7d, className = '' }: { change7d: number | null; className?: string }) {
  const c = changeOf(change7d);
  const tone = c.direction === 'up' ? 'text-emerald-800' : c.direction === 'down' ? 'text-red-700' : 'text-slate-600';
  return (
    <span className={`${tone} ${className}`} data-testid="change">
      {c.arrow && (
        <span aria-hidden="true" className="mr-1">
          {c.arrow}
        </span>
      )}
      {c.text}
    </span>
  );
}

function Tile({ d }: { d: Dimension }) {
  const look = lookOf(d.status);
  const counts = countsOf(d);
  const headingId = `tile-${d.key.replace('.', '-')}`;
  return (
    <li
      aria-labelledby={headingId}
      data-testid={`tile-${d.key}`}
      className={`rounded-lg border bg-white p-4 shadow-xs ${d.key === 'overall' ? 'border-indigo-300' : 'border-slate-200'}`}
    >
      <div className="flex items-start justify-between gap-2">
        <h3 id={headingId} className="text-sm font-medium text-slate-700">
          {d.label}
        </h3>
        <StatusBadge dimension={d} />
      </div>
      <p className={`mt-1 text-3xl font-semibold tabular-nums ${look.text}`} data-testid="value">
        {shownPercent(d.ratio)}
      </p>
      <p className="mt-1 text-xs text-slate-600">{d.description}</p>
      <p className="mt-2 flex flex-wrap justify-between gap-x-3 gap-y-1 border-t border-slate-100 pt-2 text-sm">
        <span className="text-slate-700 tabular-nums" data-testid="counts">
          {counts ?? (d.total === 0 ? 'nothing to count' : 'mean of the ratios')}
        </span>
        <ChangeText change7d={d.change7d} />
      </p>
    </li>
  );
}

export function DimensionTiles({ dimensions }: { dimensions: Dimension[] }) {
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
      {dimensions.map((d) => (
        <Tile key={d.key} d={d} />
      ))}
    </ul>
  );
}
