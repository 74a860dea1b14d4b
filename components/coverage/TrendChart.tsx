'use client';
// The coverage trend: one line per chosen dimension, in percent per day. Client-only because recharts measures
// and draws in the browser. Screen readers get a name for the picture and the same figures as a table (or, on
// the wall, a one-line summary), since an SVG chart tells them nothing.
import { useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DIMENSION_KEYS, type DimensionKey, type TrendPoint } from '@/lib/coverage/board-types';
import { percent, STATUS_THRESHOLDS } from '@/lib/coverage/report';
import { DEFAULT_TREND_KEYS, LINE_STYLES, shownPercent } from './format';

export interface TrendLine {
  key: DimensionKey;
  label: string;
}

interface Props {
  trend: TrendPoint[];
  /** every dimension that may be drawn, in display order */
  lines: TrendLine[];
  /** the lines drawn at first */
  initial?: DimensionKey[];
  variant?: 'light' | 'dark';
  /** the dashboard lets the reader choose the lines; the wall is read-only */
  choosable?: boolean;
  /** pixels; the wall passes its free height */
  height?: number | `${number}%`;
  fontSize?: number;
}

const valueAt = (p: TrendPoint, key: DimensionKey) => {
  const v = p.values[key];
  return v === undefined || v === null ? null : percent(v);
};

export function TrendChart({ trend, lines, initial = DEFAULT_TREND_KEYS, variant = 'light', choosable = false, height = 320, fontSize = 12 }: Props) {
  const id = useId();
  const [chosen, setChosen] = useState<DimensionKey[]>(initial.filter((k) => lines.some((l) => l.key === k)));
  const shown = lines.filter((l) => chosen.includes(l.key));
  const dark = variant === 'dark';
  // recharts reads a dotted dataKey as a path, and dimension keys contain dots: plot under index keys instead.
  const rows = trend.map((p) => Object.fromEntries([['day', p.day], ...shown.map((l, i) => [`v${i}`, valueAt(p, l.key)])]));
  const names = shown.map((l) => l.label).join(', ');
  const label = `Coverage trend over ${trend.length} day${trend.length === 1 ? '' : 's'}, in percent: ${names || 'no lines chosen'}`;
  const axis = dark ? '#cbd5e1' : '#475569';
  const grid = dark ? '#334155' : '#e2e8f0';

  const toggle = (key: DimensionKey) =>
    setChosen((now) => (now.includes(key) ? now.filter((k) => k !== key) : lines.filter((l) => l.key === key || now.includes(l.key)).map((l) => l.key)));

  return (
    <div className={dark ? 'flex h-full min-h-0 flex-col' : ''}>
      {choosable && (
        <fieldset className="mb-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <legend className="mb-1 font-medium text-slate-700">Lines shown</legend>
          {lines.map((l) => (
            <label key={l.key} className="inline-flex items-center gap-1.5">
              <input type="checkbox" checked={chosen.includes(l.key)} onChange={() => toggle(l.key)} />
              {l.label}
            </label>
          ))}
        </fieldset>
      )}
      {trend.length === 0 ? (
        <p className={dark ? 'text-2xl text-slate-300' : 'text-sm text-slate-600'}>No history yet: the trend starts with the first coverage snapshot.</p>
      ) : (
        <>
          <div role="img" aria-label={label} className={dark ? 'min-h-0 flex-1' : ''} style={dark ? undefined : { height }}>
            <ResponsiveContainer width="100%" height="100%" minHeight={80}>
              <LineChart data={rows} margin={{ top: 12, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
                <CartesianGrid stroke={grid} strokeDasharray="3 3" />
                <XAxis dataKey="day" stroke={axis} tick={{ fill: axis, fontSize }} tickMargin={6} minTickGap={24} />
                <YAxis domain={[0, 100]} ticks={[0, 25, 50, 70, 90, 100]} stroke={axis} tick={{ fill: axis, fontSize }} width={fontSize * 3.5} unit="%" />
                {/* the status thresholds, neutral so they are not read as one of the lines */}
                <ReferenceLine y={percent(STATUS_THRESHOLDS.good)} stroke={axis} strokeDasharray="2 6" />
                <ReferenceLine y={percent(STATUS_THRESHOLDS.warning)} stroke={axis} strokeDasharray="2 6" />
                {!dark && <Tooltip formatter={(v) => (typeof v === 'number' ? `${v}%` : 'n/a')} />}
                <Legend wrapperStyle={{ fontSize, color: axis }} />
                {shown.map((l, i) => {
                  const style = LINE_STYLES[Math.max(0, DIMENSION_KEYS.indexOf(l.key)) % LINE_STYLES.length]!;
                  return (
                    <Line
                      key={l.key}
                      type="monotone"
                      dataKey={`v${i}`}
                      name={l.label}
                      stroke={dark ? style.dark : style.light}
                      strokeWidth={dark ? 4 : 2}
                      strokeDasharray={style.dash}
                      // a dot at 100 % sits on the plot's edge: draw it whole rather than clipped
                      dot={trend.length <= 14 ? { clipDot: false, r: dark ? 5 : 3 } : false}
                      isAnimationActive={false}
                      connectNulls={false}
                    />
                  );
                })}
              </LineChart>
            </ResponsiveContainer>
          </div>
          {dark ? <p className="sr-only">{summary(trend, shown)}</p> : <TrendTable id={id} trend={trend} shown={shown} />}
        </>
      )}
    </div>
  );
}

/** "Overall: 80% on 2026-01-02, 87% on 2026-01-09." for each line: first and last day. */
function summary(trend: TrendPoint[], shown: TrendLine[]): string {
  const first = trend[0]!;
  const last = trend[trend.length - 1]!;
  return shown
    .map((l) => {
      const a = first.values[l.key] ?? null;
      const b = last.values[l.key] ?? null;
      return trend.length === 1 ? `${l.label}: ${shownPercent(b)} on ${last.day}.` : `${l.label}: ${shownPercent(a)} on ${first.day}, ${shownPercent(b)} on ${last.day}.`;
    })
    .join(' ');
}

function TrendTable({ id, trend, shown }: { id: string; trend: TrendPoint[]; shown: TrendLine[] }) {
  return (
    <table className="sr-only" aria-labelledby={`${id}-caption`}>
      <caption id={`${id}-caption`}>Coverage per day, the figures of the chart</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          {shown.map((l) => (
            <th key={l.key} scope="col">
              {l.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {trend.map((p) => (
          <tr key={p.day}>
            <th scope="row">{p.day}</th>
            {shown.map((l) => (
              <td key={l.key}>{shownPercent(p.values[l.key] ?? null)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
