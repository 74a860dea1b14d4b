import { changeDiff, type DiffRow } from '@/lib/audit/diff-view';

const ROW_TONE: Record<DiffRow['kind'], string> = {
  added: 'bg-emerald-50 text-emerald-950',
  removed: 'bg-red-50 text-red-950',
  unchanged: 'text-slate-800',
  collapsed: 'bg-slate-50 text-slate-600 italic',
};
const SIGN: Record<DiffRow['kind'], string> = { added: '+', removed: '−', unchanged: ' ', collapsed: ' ' };
// Screen readers hear the change, not the color or the sign.
const SPOKEN: Partial<Record<DiffRow['kind'], string>> = { added: 'added: ', removed: 'removed: ' };

const num = 'w-10 px-2 text-right align-top text-slate-600 tabular-nums select-none';

/** One change's before/after as a line diff (YAML): green added lines, red removed ones, folded unchanged runs. */
export function ChangeDiff({ before, after, caption }: { before: unknown; after: unknown; caption: string }) {
  const { rows, added, removed } = changeDiff({ before, after });
  if (rows.length === 0) return <p className="text-sm text-slate-600">No content recorded.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className="w-full font-mono text-xs leading-5">
        <caption className="sr-only">
          {caption}: {added} lines added, {removed} removed
        </caption>
        <thead className="sr-only">
          <tr>
            <th scope="col">Line before</th>
            <th scope="col">Line after</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className={ROW_TONE[row.kind]}>
              {row.kind === 'collapsed' ? (
                <>
                  <td className={num} />
                  <td className={num} />
                  <td className="px-2">
                    ⋯ {row.count} unchanged lines (from line {row.oldLine})
                  </td>
                </>
              ) : (
                <>
                  <td className={num}>{row.kind === 'added' ? '' : row.oldLine}</td>
                  <td className={num}>{row.kind === 'removed' ? '' : row.newLine}</td>
                  <td className="px-2 break-all whitespace-pre-wrap">
                    <span aria-hidden="true" className="mr-2 inline-block w-2 select-none">
                      {SIGN[row.kind]}
                    </span>
                    {SPOKEN[row.kind] && <span className="sr-only">{SPOKEN[row.kind]}</span>}
                    {row.text}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
