import Link from 'next/link';
import { Fragment } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/Badge';
import { cellClass, ListTable } from '@/components/list/ListTable';
import type { RowStatus, SloRow } from '@/lib/slo/slo-rows';
import { BURN_WINDOWS } from '@/lib/slo/slo-math';
import { burn, chartHref, percent, targetText } from './slo-format';

const STATUS: Record<RowStatus, { label: string; tone: BadgeTone }> = {
  exhausted: { label: 'Budget spent', tone: 'critical' },
  low: { label: 'Budget low', tone: 'warning' },
  ok: { label: 'OK', tone: 'on' },
  'no-data': { label: 'No traffic', tone: 'neutral' },
  'not-measurable': { label: 'Not measurable', tone: 'warning' },
  'no-slo': { label: 'No SLO', tone: 'neutral' },
};

const head = (text: string, title?: string) => (
  <th scope="col" className={`${cellClass} text-left font-semibold text-slate-700`} title={title}>
    {text}
  </th>
);

const dash = <span className="text-slate-500">—</span>;

function Endpoint({ row }: { row: SloRow }) {
  return (
    <th scope="row" className={`${cellClass} min-w-48 text-left font-normal`}>
      <span className="font-mono text-xs font-semibold text-slate-700">{row.method}</span>{' '}
      <span className="font-mono text-sm text-slate-900">
        {/* long paths wrap after a slash, never inside a word */}
        {row.path.split(/(?<=\/)/).map((part, i) => (
          <Fragment key={i}>
            {i > 0 && <wbr />}
            {part}
          </Fragment>
        ))}
      </span>
      {row.critical && (
        <span className="mt-0.5 block">
          <Badge tone="accent">critical</Badge>
        </span>
      )}
    </th>
  );
}

/** The kind, and the target in words under it. */
function Slo({ row }: { row: SloRow }) {
  if (row.kind === null) return <span className="text-slate-500">no SLO set</span>;
  return (
    <>
      <span className="font-medium text-slate-900">{row.kind}</span>
      <span className="block text-xs text-slate-600">{targetText(row)}</span>
    </>
  );
}

// where the numbers come from: the generated recordings, or the generator's expressions on the raw series
const SOURCE = { recorded: 'via recording rules', raw: 'via raw metrics' } as const;

function Status({ row, charted }: { row: SloRow; charted?: string | null }) {
  const s = STATUS[row.status];
  return (
    <>
      <Badge tone={s.tone}>{s.label}</Badge>
      {charted !== undefined && row.budgetRemaining !== null && (
        <span className="ml-2 text-sm">
          {row.id === charted ? (
            <span aria-current="true" className="text-slate-600">
              charted<span className="sr-only"> below</span>
            </span>
          ) : (
            <Link href={chartHref(row.id)}>
              Chart<span className="sr-only"> of {row.method} {row.path} {row.kind}</span>
            </Link>
          )}
        </span>
      )}
      {row.source && <p className="mt-1 text-xs text-slate-500">{SOURCE[row.source]}</p>}
      {row.problem && <p className="mt-1 max-w-xs text-xs text-amber-900">{row.problem}</p>}
      {row.notes.map((n) => (
        <p key={n} className="mt-1 max-w-xs text-xs text-slate-600">
          {n}
        </p>
      ))}
    </>
  );
}

/** Targets only: Prometheus is not configured or did not answer, so there is nothing measured to show. */
export function SloTargetTable({ rows }: { rows: SloRow[] }) {
  return (
    <ListTable caption="API endpoints and their SLO targets" head={<>{head('Endpoint')}{head('SLO and target')}</>}>
      {rows.map((row) => (
        <tr key={row.id}>
          <Endpoint row={row} />
          <td className={cellClass}>
            <Slo row={row} />
            {row.problem && <p className="mt-1 max-w-md text-xs text-amber-900">{row.problem}</p>}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}

/** Measured SLOs, least budget remaining first (the order the rows come in). */
export function SloTable({ rows, period, charted }: { rows: SloRow[]; period: string; charted: string | null }) {
  return (
    <ListTable
      caption={`API endpoint SLOs over the last ${period}, least error budget remaining first`}
      head={
        <>
          {head('Endpoint')}
          {head('SLO and target')}
          {head(`SLI (${period})`, `share of good requests over the last ${period}`)}
          {head('Budget left', `share of the ${period} error budget not spent`)}
          {BURN_WINDOWS.map((w) => head(`Burn ${w.window}`, `budget burn rate over the last ${w.window}; the generated alert fires above ${w.factor}×`))}
          {head('Status')}
        </>
      }
    >
      {rows.map((row) => (
        <tr key={row.id} className={row.id === charted ? 'bg-indigo-50/60' : undefined} data-testid="slo-row">
          <Endpoint row={row} />
          <td className={`${cellClass} min-w-44`}>
            <Slo row={row} />
          </td>
          <td className={`${cellClass} whitespace-nowrap tabular-nums`}>{row.sli === null ? dash : percent(row.sli)}</td>
          <td className={`${cellClass} whitespace-nowrap font-semibold tabular-nums`}>{row.budgetRemaining === null ? dash : percent(row.budgetRemaining, 1)}</td>
          {row.burnRates.map((b) => (
            <td key={b.window} className={`${cellClass} whitespace-nowrap tabular-nums`}>
              {b.rate === null ? (
                dash
              ) : b.status === 'ok' ? (
                burn(b.rate)
              ) : (
                <Badge tone={b.status === 'critical' ? 'critical' : 'warning'} title={`above ${b.factor}×: the generated ${b.status} alert's threshold`}>
                  {burn(b.rate)}
                </Badge>
              )}
            </td>
          ))}
          <td className={`${cellClass} min-w-40`}>
            <Status row={row} charted={charted} />
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
