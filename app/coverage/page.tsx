import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { getCoverageBoard } from '@/lib/coverage/board';
import { PageHeader } from '@/components/ui/PageHeader';
import { DimensionTiles } from '@/components/coverage/DimensionTiles';
import { TrendChart } from '@/components/coverage/TrendChart';
import { GapLists } from '@/components/coverage/GapLists';
import { TeamTable } from '@/components/coverage/TeamTable';
import { dayTimeUtc, THRESHOLD_NOTE } from '@/components/coverage/format';
import { Section } from '@/components/ui/Section';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Coverage' };


export default async function CoveragePage() {
  await requirePageRole('viewer', '/coverage');
  const board = await getCoverageBoard(db());
  const lines = board.dimensions.map((d) => ({ key: d.key, label: d.label }));
  return (
    <>
      <PageHeader
        title="Coverage"
        description="Which share of the registry has each kind of monitoring, how that changed, and what is still missing."
        actions={
          <Link href="/wall" className="text-sm">
            Open the wall screen
          </Link>
        }
      />
      <p className="mb-6 text-sm text-slate-600" data-testid="board-at">
        Figures as of <time dateTime={board.at}>{dayTimeUtc(board.at)}</time>
        {board.discoveryRunAt ? (
          <>
            ; discovery from the scan of <time dateTime={board.discoveryRunAt}>{dayTimeUtc(board.discoveryRunAt)}</time>
          </>
        ) : (
          <>; discovery has not run yet, so its coverage is n/a</>
        )}
        .
      </p>
      <Section id="dimensions" title="Dimensions" note={`Status: ${THRESHOLD_NOTE}. The change compares with the figures of 7 days ago.`}>
        <DimensionTiles dimensions={board.dimensions} />
      </Section>
      <Section id="trend" title="Trend" note="The last figures of each day. The dotted grey lines mark the thresholds, 90 % and 70 %.">
        <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
          <TrendChart trend={board.trend} lines={lines} choosable />
        </div>
      </Section>
      <Section id="gaps" title="Gaps" note="What each dimension is missing. A name opens its edit form; an unregistered workload opens the Discovery page.">
        <GapLists dimensions={board.dimensions} />
      </Section>
      <Section id="teams" title="Teams" note="Per owner, the share of their services with each kind of monitoring, and the mean of those.">
        <TeamTable teams={board.teams} />
      </Section>
    </>
  );
}
