// Coverage per owner: each service dimension as the share of that team's services, and their mean.
import Link from 'next/link';
import { ListTable, cellClass } from '@/components/list/ListTable';
import type { TeamRow } from '@/lib/coverage/board-types';
import { coverageStatus } from '@/lib/coverage/report';
import { lookOf, shownPercent } from './format';

const COLUMNS: { key: keyof TeamRow['ratios']; label: string }[] = [
  { key: 'prometheus', label: 'Prometheus' },
  { key: 'sentry', label: 'Sentry' },
  { key: 'otel', label: 'OpenTelemetry' },
  { key: 'langfuse', label: 'Langfuse' },
  { key: 'alerts', label: 'Alerts' },
];

/** A percent coloured by status; the figure itself carries the meaning, the glyph repeats the status. */
function Ratio({ ratio, strong = false }: { ratio: number | null; strong?: boolean }) {
  const look = lookOf(ratio === null ? null : coverageStatus(ratio));
  return (
    <span className={`tabular-nums ${look.text} ${strong ? 'font-semibold' : ''}`}>
      {shownPercent(ratio)}
      {ratio !== null && (
        <span aria-hidden="true" className="ml-1 text-xs">
          {look.icon}
        </span>
      )}
    </span>
  );
}

export function TeamTable({ teams }: { teams: TeamRow[] }) {
  if (teams.length === 0) return <p className="text-sm text-slate-600">No owners in the registry.</p>;
  const th = `${cellClass} text-left font-medium text-slate-700`;
  return (
    <ListTable
      caption="Coverage per team"
      head={
        <>
          <th scope="col" className={th}>
            Owner
          </th>
          <th scope="col" className={`${th} text-right`}>
            Services
          </th>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col" className={`${th} text-right`}>
              {c.label}
            </th>
          ))}
          <th scope="col" className={`${th} text-right`}>
            Overall
          </th>
        </>
      }
    >
      {teams.map((t) => (
        <tr key={t.owner} data-testid={`team-${t.owner}`}>
          <th scope="row" className={`${cellClass} text-left font-normal`}>
            <Link href={`/services?owner=${encodeURIComponent(t.owner)}`}>{t.displayName ?? t.owner}</Link>
            {t.displayName && <span className="ml-2 font-mono text-xs text-slate-600">{t.owner}</span>}
          </th>
          <td className={`${cellClass} text-right tabular-nums`}>{t.services.toLocaleString('en-US')}</td>
          {COLUMNS.map((c) => (
            <td key={c.key} className={`${cellClass} text-right`}>
              <Ratio ratio={t.ratios[c.key]} />
            </td>
          ))}
          <td className={`${cellClass} text-right`}>
            <Ratio ratio={t.overall} strong />
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
