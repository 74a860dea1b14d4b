// One metric's figure: the p75 with its rating, and the share of samples good / needs improvement / poor as a bar
// (drawn for the eye, written out for screen readers), or a plain "too few samples" instead of a misleading p75.
import { Badge } from '@/components/ui/Badge';
import { RATINGS, type Rating } from '@/lib/rum/thresholds';
import type { MetricFigure } from '@/lib/rum/vitals-shape';
import { MIN_SAMPLES } from '@/lib/rum/vitals-shape';
import { fmtCount, formatVital, percentText, RATING_LOOK } from './vital-format';

export function RatingBadge({ rating }: { rating: Rating }) {
  const look = RATING_LOOK[rating];
  return (
    <Badge tone={look.tone}>
      <span aria-hidden="true" className="mr-1">
        {look.icon}
      </span>
      {look.word}
    </Badge>
  );
}

export function DistributionBar({ shares }: { shares: MetricFigure['shares'] }) {
  const text = RATINGS.map((r) => `${percentText(shares[r])} ${RATING_LOOK[r].word.toLowerCase()}`).join(', ');
  return (
    <div className="mt-1">
      <div className="flex h-1.5 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden="true" title={text}>
        {RATINGS.map((r) => (shares[r] > 0 ? <div key={r} className={RATING_LOOK[r].bar} style={{ width: `${shares[r] * 100}%` }} /> : null))}
      </div>
      <p className="sr-only">{text}</p>
    </div>
  );
}

/** Compact, for a table cell. */
export function VitalCell({ figure }: { figure: MetricFigure }) {
  if (figure.samples === 0) return <span className="text-slate-500">no data</span>;
  if (!figure.enough || figure.p75 === null || figure.rating === null) {
    return (
      <span className="text-xs text-slate-600">
        too few samples <span className="tabular-nums">({fmtCount(figure.samples)} of {MIN_SAMPLES})</span>
      </span>
    );
  }
  return (
    <div className="min-w-28">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <span className={`font-semibold tabular-nums ${RATING_LOOK[figure.rating].text}`}>{formatVital(figure.metric, figure.p75)}</span>
        <RatingBadge rating={figure.rating} />
      </div>
      <DistributionBar shares={figure.shares} />
      <p className="mt-0.5 text-xs text-slate-500 tabular-nums">{fmtCount(figure.samples)} samples</p>
    </div>
  );
}
