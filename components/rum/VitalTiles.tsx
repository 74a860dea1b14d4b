// One tile per Web Vital: the p75 over the chosen pages, judged against Google's thresholds, with the split of
// samples into good / needs improvement / poor written out.
import { RATINGS, VITAL_NAMES, VITAL_THRESHOLDS, type VitalName } from '@/lib/rum/thresholds';
import type { MetricFigure } from '@/lib/rum/vitals-shape';
import { MIN_SAMPLES } from '@/lib/rum/vitals-shape';
import { DistributionBar, RatingBadge } from './VitalFigure';
import { fmtCount, formatVital, percentText, RATING_LOOK, thresholdNote } from './vital-format';

function Tile({ figure }: { figure: MetricFigure }) {
  const { metric } = figure;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
      <dt>
        <span className="text-sm font-semibold text-slate-900">{metric}</span>{' '}
        <span className="text-xs text-slate-600">{VITAL_THRESHOLDS[metric].label}</span>
      </dt>
      <dd className="mt-2">
        {figure.enough && figure.p75 !== null && figure.rating !== null ? (
          <>
            <p className="flex flex-wrap items-baseline gap-2">
              <span className={`text-2xl font-semibold tabular-nums ${RATING_LOOK[figure.rating].text}`}>{formatVital(metric, figure.p75)}</span>
              <RatingBadge rating={figure.rating} />
            </p>
            <DistributionBar shares={figure.shares} />
            <p className="mt-1 text-xs text-slate-600" aria-hidden="true">
              {RATINGS.map((r) => `${percentText(figure.shares[r])} ${RATING_LOOK[r].word.toLowerCase()}`).join(' · ')}
            </p>
          </>
        ) : (
          <p className="text-sm text-slate-600">{figure.samples === 0 ? 'No samples.' : `Too few samples for a p75 (${fmtCount(figure.samples)}; needs ${MIN_SAMPLES}).`}</p>
        )}
        <p className="mt-1 text-xs text-slate-500">
          p75 of {fmtCount(figure.samples)} samples; {thresholdNote(metric)}
        </p>
      </dd>
    </div>
  );
}

export function VitalTiles({ figures }: { figures: Record<VitalName, MetricFigure> }) {
  return (
    <dl className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
      {VITAL_NAMES.map((m) => (
        <Tile key={m} figure={figures[m]} />
      ))}
    </dl>
  );
}
