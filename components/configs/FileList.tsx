import Link from 'next/link';
import { baseName, formatBytes, type FileListView } from '@/lib/generate/configs-view';
import { inputClass } from '@/components/list/FilterForm';
import { HiddenState, configsHref, type ConfigsLinkState } from './configs-href';
import { Pager } from './Pager';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The generated files by folder, with a filter (a GET form, so it works without JavaScript and every view
 * is a URL). Big folders show their first files and a link that opens the folder, a page at a time.
 */
export function FileList({ view, state, selected, totalFiles }: { view: FileListView; state: ConfigsLinkState; selected?: string; totalFiles: number }) {
  const { groups, folderPages } = view;
  return (
    <div>
      <form method="get" action="/configs" role="search" aria-label="File filter" className="mb-3">
        <label htmlFor="configs-q" className="mb-1 block text-xs font-medium text-slate-700">
          Filter files
        </label>
        <div className="flex gap-2">
          <input id="configs-q" name="q" type="search" defaultValue={state.q} placeholder="Part of a path, e.g. redis" className={inputClass} />
          <HiddenState state={state} omit={['q', 'folder', 'page']} />
          <button type="submit" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800">
            Filter
          </button>
        </div>
      </form>
      <p className="mb-3 text-xs text-slate-600" aria-live="polite">
        {state.q ? `${fmt(view.matched)} of ${fmt(totalFiles)} files match “${state.q}”. ` : `${fmt(totalFiles)} files. `}
        {(state.q || folderPages) && <Link href={configsHref(state, { q: undefined, folder: undefined, page: undefined })}>Show all folders</Link>}
      </p>
      <nav aria-label="Generated files" className="rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
        {groups.length === 0 && <p className="text-sm text-slate-600">No file path contains “{state.q}”.</p>}
        {groups.map((g) => (
          <div key={g.folder} className="mb-3 last:mb-0">
            <h3 className="mb-1 flex items-baseline justify-between gap-2 font-mono text-xs font-semibold text-slate-800">
              <span className="break-all">{g.folder === '' ? '(top level)' : `${g.folder}/`}</span>
              <span className="font-sans font-normal text-slate-600">{fmt(g.total)}</span>
            </h3>
            <ul className="flex flex-col">
              {g.shown.map((f) => {
                const current = f.path === selected;
                return (
                  <li key={f.path}>
                    <Link
                      href={configsHref(state, { file: f.path })}
                      aria-current={current ? 'page' : undefined}
                      title={f.path}
                      className={
                        'flex justify-between gap-2 rounded px-2 py-0.5 font-mono text-xs no-underline hover:no-underline ' +
                        (current ? 'bg-indigo-50 font-semibold text-indigo-800' : 'text-slate-800 hover:bg-slate-100')
                      }
                    >
                      <span className="truncate">{baseName(f.path)}</span>
                      <span className="shrink-0 font-sans text-slate-600">{formatBytes(f.bytes)}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
            {!folderPages && g.total > g.shown.length && (
              <p className="mt-1 px-2 text-xs text-slate-600">
                {fmt(g.total - g.shown.length)} more.{' '}
                <Link href={configsHref(state, { folder: g.folder, page: undefined })}>Show all {fmt(g.total)}</Link>
                {!state.q && ' or filter to find one.'}
              </p>
            )}
          </div>
        ))}
      </nav>
      {folderPages && (
        <Pager
          label="File list pages"
          page={folderPages.page}
          pageCount={folderPages.pageCount}
          hrefFor={(page) => configsHref(state, { folder: folderPages.folder, page })}
        />
      )}
    </div>
  );
}
