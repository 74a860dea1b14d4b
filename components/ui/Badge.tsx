import type { ReactNode } from 'react';

const tones = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-200',
  on: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  info: 'bg-sky-50 text-sky-800 ring-sky-200',
  warning: 'bg-amber-50 text-amber-900 ring-amber-200',
  critical: 'bg-red-50 text-red-800 ring-red-200',
  accent: 'bg-indigo-50 text-indigo-800 ring-indigo-200',
} as const;

export type BadgeTone = keyof typeof tones;

export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span
      title={title}
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

/** Alert template keys as small monospace chips, or a muted dash when there are none. */
export function KeyList({ keys, emptyLabel = 'none' }: { keys: string[]; emptyLabel?: string }) {
  if (keys.length === 0) return <span className="text-slate-500">{emptyLabel}</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {keys.map((k) => (
        <li key={k}>
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">{k}</code>
        </li>
      ))}
    </ul>
  );
}
