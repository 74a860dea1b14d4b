// The wall screen's pieces: large type on a dark background, for reading from across a room. Status is a word
// and a glyph as well as a colour.
import type { Dimension } from '@/lib/coverage/board-types';
import { changeOf, countsOf, lookOf, shownPercent } from './format';

function Status({ d, className }: { d: Dimension; className: string }) {
  const look = lookOf(d.status);
  return (
    <span className={`inline-flex items-center gap-2 font-semibold ${look.dark} ${className}`} data-testid="status">
      <span aria-hidden="true">{look.icon}</span>
      {look.word}
    </span>
  );
}

function Change({ d, className }: { d: Dimension; className: string }) {
  const c = changeOf(d.change7d);
  const tone = c.direction === 'up' ? 'text-emerald-300' : c.direction === 'down' ? 'text-red-300' : 'text-slate-300';
  return (
    <span className={`${tone} ${className}`}>
      {c.arrow && <span aria-hidden="true">{c.arrow} </span>}
      {c.text}
    </span>
  );
}

export function OverallPanel({ d }: { d: Dimension }) {
  const look = lookOf(d.status);
  return (
    <section aria-labelledby="wall-overall-label" className={`rounded-2xl bg-slate-900 px-8 py-6 ring-4 ${look.darkRing}`}>
      <h2 id="wall-overall-label" className="text-4xl font-semibold text-slate-100">
        Overall coverage
      </h2>
      {/* figure and status stacked: "100%" at this size takes the panel's whole width */}
      <p className={`mt-2 text-[10rem] leading-none font-bold tabular-nums ${look.dark}`} data-testid="wall-overall">
        {shownPercent(d.ratio)}
      </p>
      <p className="mt-4 flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <Status d={d} className="text-5xl" />
        <Change d={d} className="text-3xl" />
      </p>
    </section>
  );
}

export function WallTile({ d }: { d: Dimension }) {
  const look = lookOf(d.status);
  const counts = countsOf(d);
  const id = `wall-${d.key.replace('.', '-')}`;
  return (
    <li aria-labelledby={id} data-testid={`wall-tile-${d.key}`} className={`flex min-h-0 flex-col justify-between rounded-xl bg-slate-900 px-5 py-3 ring-2 ${look.darkRing}`}>
      <div className="flex items-baseline justify-between gap-3">
        <h3 id={id} className="truncate text-3xl font-semibold text-slate-100">
          {d.label}
        </h3>
        {counts && <span className="text-2xl whitespace-nowrap text-slate-300 tabular-nums">{counts}</span>}
      </div>
      <div className="flex items-baseline justify-between gap-3">
        <p className={`text-7xl leading-none font-bold tabular-nums ${look.dark}`} data-testid="value">
          {shownPercent(d.ratio)}
        </p>
        <Status d={d} className="text-3xl" />
      </div>
      <p className="text-2xl">
        <Change d={d} className="" />
      </p>
    </li>
  );
}

/** The dimensions with the most gaps: what to fix first. */
export function TopGaps({ dimensions, max = 4 }: { dimensions: Dimension[]; max?: number }) {
  const top = dimensions
    .filter((d) => d.key !== 'overall' && d.gapCount > 0)
    .sort((a, b) => b.gapCount - a.gapCount)
    .slice(0, max);
  const total = dimensions.reduce((sum, d) => sum + (d.key === 'overall' ? 0 : d.gapCount), 0);
  return (
    <section aria-labelledby="wall-gaps" className="rounded-xl bg-slate-900 px-6 py-4">
      <h2 id="wall-gaps" className="text-3xl font-semibold text-slate-100">
        Top gaps <span className="font-normal text-slate-300">({total.toLocaleString('en-US')} missing in all)</span>
      </h2>
      {top.length === 0 ? (
        <p className="mt-2 text-3xl text-emerald-300">
          <span aria-hidden="true">✓ </span>No gaps
        </p>
      ) : (
        <ul className="mt-2 grid grid-cols-4 gap-4" data-testid="wall-top-gaps">
          {top.map((d) => (
            <li key={d.key} className="text-2xl text-slate-200">
              <span className="block truncate">{d.label}</span>
              <span className="text-5xl font-bold text-white tabular-nums">{d.gapCount.toLocaleString('en-US')}</span>
              <span className="ml-2 text-slate-300">{d.key === 'discovery' ? 'unregistered' : 'without'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
