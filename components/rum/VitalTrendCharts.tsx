'use client';
// The p75 of each Web Vital per hour or day, one small chart per metric with Google's "good" and "poor" lines.
// Client-only because recharts measures and draws in the browser. Screen readers get a summary as the picture's
// name and the same figures as a table, since an SVG chart tells them nothing.
import { useId } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { rate, VITAL_THRESHOLDS, type VitalName } from '@/lib/rum/thresholds';
import type { TrendSeries } from '@/lib/rum/vitals-shape';
import { MIN_SAMPLES } from '@/lib/rum/vitals-shape';
import { formatVital, niceCeil, RATING_LOOK, slotLabel } from './vital-format';

const GOOD_LINE = '#047857';
const POOR_LINE = '#b91c1c';

function summary(series: TrendSeries): string {
  const shown = series.points.filter((p) => p.p75 !== null);
  const name = `${series.metric} p75 per ${series.points[0]?.slot.length === 10 ? 'day' : 'hour'}`;
  if (shown.length === 0) return `${name}: no ${series.points.length > 0 ? 'period' : 'data'} has ${MIN_SAMPLES} samples, nothing to draw.`;
  const worst = shown.reduce((a, b) => (b.p75! > a.p75! ? b : a));
  const last = shown.at(-1)!;
  const word = (v: number) => RATING_LOOK[rate(series.metric, v)].word.toLowerCase();
  return `${name}: ${shown.length} of ${series.points.length} periods with enough samples; latest ${formatVital(series.metric, last.p75!)} (${word(last.p75!)}) on ${last.slot}; worst ${formatVital(series.metric, worst.p75!)} (${word(worst.p75!)}) on ${worst.slot}.`;
}

function MetricChart({ series }: { series: TrendSeries }) {
  const id = useId();
  const { metric, points } = series;
  const t = VITAL_THRESHOLDS[metric];
  const top = niceCeil(Math.max(t.poor * 1.2, ...points.map((p) => (p.p75 ?? 0) * 1.05)));
  const data = points.map((p) => ({ slot: p.slot, p75: p.p75 }));
  return (
    <figure className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
      <figcaption className="mb-2 text-sm font-semibold text-slate-900">
        {metric} <span className="font-normal text-slate-600">{t.label}</span>
      </figcaption>
      {points.every((p) => p.p75 === null) && (
        <p className="mb-1 text-xs text-slate-600" aria-hidden="true">
          No {points[0]?.slot.length === 10 ? 'day' : 'hour'} has {MIN_SAMPLES} samples yet.
        </p>
      )}
      <div role="img" aria-label={summary(series)} className="h-44">
        <ResponsiveContainer width="100%" height="100%" minHeight={80}>
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey="slot" tickFormatter={slotLabel} tick={{ fontSize: 11, fill: '#475569' }} minTickGap={20} stroke="#94a3b8" />
            <YAxis
              domain={[0, top]}
              ticks={[0, t.good, t.poor, top]}
              tickFormatter={(v: number) => formatVital(metric, v)}
              tick={{ fontSize: 11, fill: '#475569' }}
              width={64}
              stroke="#94a3b8"
              allowDataOverflow
            />
            <ReferenceLine y={t.good} stroke={GOOD_LINE} strokeDasharray="4 4" label={{ value: 'good', position: 'insideTopRight', fontSize: 11, fill: GOOD_LINE }} />
            <ReferenceLine y={t.poor} stroke={POOR_LINE} strokeDasharray="4 4" label={{ value: 'poor', position: 'insideTopRight', fontSize: 11, fill: POOR_LINE }} />
            <Tooltip labelFormatter={(s) => String(s)} formatter={(v) => [typeof v === 'number' ? formatVital(metric, v) : 'too few samples', 'p75']} />
            <Line
              type="monotone"
              dataKey="p75"
              stroke="#4338ca"
              strokeWidth={2}
              dot={points.length <= 31 ? { r: 2.5 } : false}
              isAnimationActive={false}
              connectNulls={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only" aria-labelledby={`${id}-caption`}>
        <caption id={`${id}-caption`}>{metric} p75 per period, the figures of the chart</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">p75</th>
            <th scope="col">Samples</th>
          </tr>
        </thead>
        <tbody>
          {points
            .filter((p) => p.samples > 0)
            .map((p) => (
              <tr key={p.slot}>
                <th scope="row">{p.slot}</th>
                <td>{p.p75 === null ? `too few samples` : `${formatVital(metric, p.p75)}, ${RATING_LOOK[rate(metric, p.p75)].word.toLowerCase()}`}</td>
                <td>{p.samples}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}

export function VitalTrendCharts({ trend, only }: { trend: TrendSeries[]; only?: VitalName[] }) {
  const shown = only ? trend.filter((s) => only.includes(s.metric)) : trend;
  return (
    <div className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3">
      {shown.map((s) => (
        <MetricChart key={s.metric} series={s} />
      ))}
    </div>
  );
}
