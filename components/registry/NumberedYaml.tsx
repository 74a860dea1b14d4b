import type { RegistryProblem } from '@/lib/registry/errors';

export const lineElementId = (line: number) => `yaml-line-${line}`;

// Past this many lines the view shows only the neighbourhood of each problem: a 10,000-service registry
// is ~150,000 lines, too many DOM nodes to render at once for a list of a few mistakes.
const FULL_VIEW_MAX_LINES = 2_000;
const CONTEXT = 3;

type Row = { kind: 'line'; n: number } | { kind: 'gap'; from: number; to: number };

function visibleRows(lineCount: number, problemLines: number[]): Row[] {
  if (lineCount <= FULL_VIEW_MAX_LINES) return Array.from({ length: lineCount }, (_, i) => ({ kind: 'line', n: i + 1 }));
  const show = new Set<number>();
  for (const l of problemLines) for (let n = l - CONTEXT; n <= l + CONTEXT; n++) if (n >= 1 && n <= lineCount) show.add(n);
  const rows: Row[] = [];
  let next = 1;
  for (const n of [...show].sort((a, b) => a - b)) {
    if (n > next) rows.push({ kind: 'gap', from: next, to: n - 1 });
    rows.push({ kind: 'line', n });
    next = n + 1;
  }
  if (next <= lineCount) rows.push({ kind: 'gap', from: next, to: lineCount });
  return rows;
}

/** The text that was checked, with line numbers; lines with problems are marked and can take focus. */
export function NumberedYaml({ text, problems }: { text: string; problems: RegistryProblem[] }) {
  const lines = text.split(/\r?\n/);
  const byLine = new Map<number, RegistryProblem[]>();
  for (const p of problems) if (p.line > 0) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  const rows = visibleRows(lines.length, [...byLine.keys()]);

  return (
    <div className="relative max-h-[32rem] overflow-auto rounded-lg border border-slate-200 bg-white">
      <ol className="min-w-max py-2 font-mono text-xs leading-5" aria-label="File with line numbers">
        {rows.map((row) => {
          if (row.kind === 'gap') {
            return (
              <li key={`gap-${row.from}`} className="px-3 text-slate-500 italic">
                ⋯ lines {row.from}–{row.to} have no problems
              </li>
            );
          }
          const lineProblems = byLine.get(row.n);
          return (
            <li
              key={row.n}
              id={lineElementId(row.n)}
              data-line={row.n}
              data-problem={lineProblems ? 'true' : undefined}
              tabIndex={lineProblems ? -1 : undefined}
              className={`flex scroll-my-12 ${lineProblems ? 'border-l-4 border-red-600 bg-red-50' : 'border-l-4 border-transparent'}`}
            >
              <span className={`w-14 shrink-0 pr-3 text-right select-none ${lineProblems ? 'font-semibold text-red-800' : 'text-slate-500'}`}>
                {row.n}
              </span>
              <span className="flex-1 pr-4">
                <span className="whitespace-pre">{lines[row.n - 1] || ' '}</span>
                {lineProblems?.map((p, i) => (
                  <span key={i} className="block whitespace-pre-wrap text-red-800">
                    <span className="sr-only">Problem: </span>
                    <span aria-hidden="true">{' '.repeat(Math.max(0, p.column - 1))}↑ </span>
                    {p.message}
                  </span>
                ))}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
