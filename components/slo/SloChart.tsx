'use client';
// One SLO over its window: the SLI per step against the objective, and the error budget left as the window
// went by. Recharts draws in the browser; the caption says the same in words for screen readers.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SloChart as SloChartData } from '@/lib/slo/slo-report';
import { dateTime, percent } from './slo-format';

const day = (ms: number) => new Date(ms).toISOString().slice(5, 10);

function Panel({
  title,
  data,
  dataKey,
  domain,
  reference,
  referenceLabel,
  color,
  digits,
}: {
  title: string;
  data: SloChartData['points'];
  dataKey: 'sli' | 'remaining';
  domain: [number, number];
  reference: number;
  referenceLabel: string;
  color: string;
  digits: number;
}) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
      <h3 className="mb-2 text-sm font-semibold text-slate-900">{title}</h3>
      <div className="h-60" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={day} tick={{ fontSize: 12 }} minTickGap={24} />
            <YAxis domain={domain} tickFormatter={(v: number) => percent(v, digits)} tick={{ fontSize: 12 }} width={72} allowDataOverflow />
            <Tooltip
              labelFormatter={(t) => dateTime(Number(t))}
              formatter={(v) => [typeof v === 'number' ? percent(v, digits + 1) : String(v), title]}
            />
            <ReferenceLine y={reference} stroke="#b91c1c" strokeDasharray="4 4" label={{ value: referenceLabel, position: 'insideBottomRight', fontSize: 12, fill: '#b91c1c' }} />
            <Line type="stepAfter" dataKey={dataKey} stroke={color} dot={false} isAnimationActive={false} connectNulls={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

export function SloChart({ chart }: { chart: SloChartData }) {
  const { points, objective } = chart;
  const slis = points.flatMap((p) => (p.sli === null ? [] : [p.sli]));
  const remaining = points.flatMap((p) => (p.remaining === null ? [] : [p.remaining]));
  // Zoomed to what matters: from a bit below the lower of the objective and the worst step, up to 100 %.
  const low = Math.min(objective, ...slis);
  const sliDomain: [number, number] = [Math.max(0, low - (1 - low) * 0.25), 1];
  const remainingDomain: [number, number] = [Math.min(0, ...remaining), 1];
  const worst = slis.length ? Math.min(...slis) : null;
  const last = remaining.at(-1);
  return (
    <figure>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <Panel
          title={`SLI per ${chart.window}`}
          data={points}
          dataKey="sli"
          domain={sliDomain}
          reference={objective}
          referenceLabel={`objective ${percent(objective)}`}
          color="#4338ca"
          digits={2}
        />
        <Panel
          title="Error budget left"
          data={points}
          dataKey="remaining"
          domain={remainingDomain}
          reference={0}
          referenceLabel="spent"
          color="#0f766e"
          digits={0}
        />
      </div>
      <figcaption className="mt-2 text-sm text-slate-600">
        {points.length === 0
          ? 'No traffic in this window: nothing to draw.'
          : `${points.length} points of ${chart.window} from ${dateTime(points[0]!.t)} to ${dateTime(points.at(-1)!.t)} (${chart.source === 'recorded' ? 'recording rules' : 'raw request metrics'}). ` +
            `Worst ${chart.window}: ${worst === null ? 'none' : percent(worst)} against an objective of ${percent(objective)}; ` +
            `budget left at the end: ${last === undefined ? 'unknown' : percent(last, 1)} (each ${chart.window} weighs the same, so it can differ slightly from the table, which weighs requests).`}
      </figcaption>
    </figure>
  );
}
