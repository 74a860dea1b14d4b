import 'highlight.js/styles/github.css';
import type { HighlightedFile } from '@/lib/generate/configs-highlight';

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A generated file, highlighted on the server, with line numbers. The lines are highlight.js output
 * (escaped text and class-only spans), so inserting them as HTML is safe. The box scrolls and takes focus,
 * so keyboard users can scroll it too.
 */
export function CodeView({ path, highlighted, downloadHref }: { path: string; highlighted: HighlightedFile; downloadHref: string }) {
  const { lines, totalLines, truncated, language } = highlighted;
  return (
    <>
      {truncated && (
        <p className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          Showing the first {fmt(lines.length)} of {fmt(totalLines)} lines. <a href={downloadHref}>Download the whole file</a> to see the rest.
        </p>
      )}
      <div
        role="region"
        aria-label={`Contents of ${path}`}
        tabIndex={0}
        data-language={language}
        className="max-h-[40rem] overflow-auto rounded-lg border border-slate-200 bg-white"
      >
        {lines.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-600">The file is empty.</p>
        ) : (
          // Per-line styles sit on the list (child selectors): 3,000 lines x repeated class names, sent twice
          // (HTML and the React payload), would add about a megabyte to the page.
          <ol className="hljs min-w-max py-2 font-mono text-xs leading-5 [&>li]:flex [&>li>code]:flex-1 [&>li>code]:pr-4 [&>li>code]:whitespace-pre [&>li>span]:w-14 [&>li>span]:shrink-0 [&>li>span]:pr-3 [&>li>span]:text-right [&>li>span]:text-slate-500 [&>li>span]:select-none">
            {lines.map((html, i) => (
              <li key={i} id={`L${i + 1}`}>
                <span>{i + 1}</span>
                <code dangerouslySetInnerHTML={{ __html: html || ' ' }} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </>
  );
}
