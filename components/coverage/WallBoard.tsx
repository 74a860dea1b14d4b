'use client';
// The wall screen: the coverage board for a TV, refreshed every 30 s from GET /api/v1/coverage. When a refresh
// fails (no answer, an error status, or no answer for too long) it keeps the last figures and says plainly how
// old they are, so a frozen screen is never mistaken for a good one.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DIMENSION_KEYS, type CoverageBoard } from '@/lib/coverage/board-types';
import { clockUtc, dayTimeUtc, dimensionByKey } from './format';
import { TrendChart } from './TrendChart';
import { OverallPanel, TopGaps, WallTile } from './WallParts';

export const REFRESH_MS = 30_000;
/** A request that hangs (no error, no answer) is given up after this, so it turns into a visible failure. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Every dimension but overall, which has its own big panel. */
const WALL_KEYS = DIMENSION_KEYS.filter((k) => k !== 'overall');

class RefreshError extends Error {}

async function fetchBoard(signal: AbortSignal): Promise<CoverageBoard> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  signal.addEventListener('abort', () => controller.abort());
  let res: Response;
  try {
    res = await fetch('/api/v1/coverage', { signal: controller.signal, cache: 'no-store', headers: { accept: 'application/json' } });
  } catch {
    throw new RefreshError('the server did not answer');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const why = res.status === 401 || res.status === 403 ? ': the share link or sign-in is no longer valid' : '';
    throw new RefreshError(`the server answered with status ${res.status}${why}`);
  }
  return (await res.json()) as CoverageBoard;
}

/** The current time, ticking, for "n min ago"; starts at the server's render time so hydration matches. */
function useNow(start: number, everyMs: number): number {
  const [now, setNow] = useState(start);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 120 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ago`;
}

export function WallBoard({ initialData, renderedAt }: { initialData: CoverageBoard; renderedAt: number }) {
  const query = useQuery({
    queryKey: ['coverage-board'],
    queryFn: ({ signal }) => fetchBoard(signal),
    initialData,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: REFRESH_MS,
    // a TV may report its tab as hidden; the wall must keep refreshing regardless
    refetchIntervalInBackground: true,
    retry: 1,
    retryDelay: 2_000,
  });
  const now = useNow(renderedAt, 1_000);
  const board = query.data;
  const updatedAt = query.dataUpdatedAt;
  const age = now - updatedAt;
  // Either the last refresh failed, or none has come back for two rounds (a request that neither ends nor fails).
  const overdue = age > 2 * REFRESH_MS + REQUEST_TIMEOUT_MS;
  const stale = query.isError || overdue;
  const reason = query.error instanceof RefreshError ? query.error.message : 'the server did not answer';
  const dims = dimensionByKey(board);
  const overall = dims.get('overall');
  const lines = [
    { key: 'overall', label: 'Overall' },
    { key: 'discovery', label: dims.get('discovery')?.label ?? 'Discovery' },
    { key: 'alerts', label: dims.get('alerts')?.label ?? 'Alerts' },
  ] as const;

  return (
    <div data-testid="wall" className="flex h-screen flex-col gap-5 bg-slate-950 p-8 text-white">
      <header className="flex items-end justify-between gap-8">
        <h1 className="text-5xl font-bold tracking-tight">Monitoring coverage</h1>
        <p className="text-2xl text-slate-300" data-testid="wall-times">
          Figures from <time dateTime={board.at}>{dayTimeUtc(board.at)}</time> · checked{' '}
          <time dateTime={new Date(updatedAt).toISOString()}>{clockUtc(updatedAt)} UTC</time>
          <span className={`ml-4 font-semibold ${stale ? 'text-amber-300' : 'text-emerald-300'}`}>
            <span aria-hidden="true">{stale ? '! ' : '● '}</span>
            {stale ? 'stale' : 'live'}
          </span>
        </p>
      </header>
      {stale && (
        <div role="alert" data-testid="stale-banner" className="rounded-xl border-4 border-amber-300 bg-amber-300 px-6 py-3 text-3xl font-bold text-slate-950">
          <span aria-hidden="true">⚠ </span>
          Data is stale: last updated {clockUtc(updatedAt)} UTC ({ago(age)}); {reason}. Retrying every 30 s.
        </div>
      )}
      <div className="grid min-h-0 flex-1 grid-cols-[38rem_1fr] gap-6">
        <div className="flex min-h-0 flex-col gap-6">
          {overall && <OverallPanel d={overall} />}
          <section aria-labelledby="wall-trend" className="flex min-h-0 flex-1 flex-col rounded-xl bg-slate-900 px-4 pt-3 pb-2">
            <h2 id="wall-trend" className="px-2 text-3xl font-semibold text-slate-100">
              Trend, {board.trend.length} day{board.trend.length === 1 ? '' : 's'}
            </h2>
            <div className="min-h-0 flex-1">
              <TrendChart trend={board.trend} lines={[...lines]} variant="dark" fontSize={20} />
            </div>
          </section>
        </div>
        <div className="flex min-h-0 flex-col gap-6">
          <section aria-label="Dimensions" className="min-h-0 flex-1">
            <ul className="grid h-full grid-cols-3 grid-rows-3 gap-4">
              {WALL_KEYS.map((key) => {
                const d = dims.get(key);
                return d ? <WallTile key={key} d={d} /> : null;
              })}
            </ul>
          </section>
          <TopGaps dimensions={board.dimensions} />
        </div>
      </div>
    </div>
  );
}
