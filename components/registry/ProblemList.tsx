'use client';
import type { RegistryProblem } from '@/lib/registry/errors';
import { lineElementId } from './NumberedYaml';

/** `line:column path — message`, the form the brief and editors use; line 0 means "the whole file". */
export function problemLabel(p: RegistryProblem): string {
  const where = p.line > 0 ? `${p.line}:${p.column}` : 'file';
  return `${where}${p.path ? ` ${p.path}` : ''} — ${p.message}`;
}

function focusLine(line: number) {
  const el = document.getElementById(lineElementId(line));
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}

export function ProblemList({ problems }: { problems: RegistryProblem[] }) {
  return (
    <ul className="flex flex-col gap-1 text-sm" aria-label="Problems">
      {problems.map((p, i) => (
        <li key={`${i}-${p.line}-${p.column}`}>
          {p.line > 0 ? (
            <button
              type="button"
              onClick={() => focusLine(p.line)}
              className="w-full rounded px-2 py-1 text-left font-mono text-xs text-red-900 hover:bg-red-50"
              title={`Show line ${p.line}`}
            >
              {problemLabel(p)}
            </button>
          ) : (
            <span className="block px-2 py-1 font-mono text-xs text-red-900">{problemLabel(p)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
