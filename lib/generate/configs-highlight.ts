// Server-side syntax highlighting of a generated file for the Configs page: highlight.js with only YAML and
// JSON registered, split into lines so the page can number them. Capped: a rules file for 10,000 services
// is tens of MB, so only its start is highlighted (the page says so and offers the raw download). Pure.
import hljsCore from 'highlight.js/lib/core';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';

export const HIGHLIGHT_MAX_LINES = 3_000;
export const HIGHLIGHT_MAX_CHARS = 200_000;

// An instance of our own, so no other code registering languages on the shared one changes the output.
const hljs = hljsCore.newInstance();
hljs.registerLanguage('yaml', yaml);
hljs.registerLanguage('json', json);

export type CodeLanguage = 'yaml' | 'json' | 'plaintext';

export interface HighlightedFile {
  language: CodeLanguage;
  /** one HTML string per shown line: highlight.js's escaped text and <span class="hljs-..."> only */
  lines: string[];
  /** lines in the whole file */
  totalLines: number;
  /** true when only the first `lines.length` lines are shown */
  truncated: boolean;
}

export function languageFor(path: string): CodeLanguage {
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  if (/\.json$/i.test(path)) return 'json';
  return 'plaintext';
}

/** Lines in a text, not counting the empty one after a final newline. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/** The start of `text` up to `maxLines` whole lines and about `maxChars` characters (never mid-line, at least one line). */
function head(text: string, maxLines: number, maxChars: number): string {
  let end = 0;
  for (let lines = 0; lines < maxLines && end < text.length; lines++) {
    const nl = text.indexOf('\n', end);
    const next = nl === -1 ? text.length : nl + 1;
    if (lines > 0 && next > maxChars) break;
    end = next;
  }
  return text.slice(0, end);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Splits highlighted HTML into lines. A token may span lines (a block string), so spans open at a line's end
 * are closed there and reopened on the next line: every line is well-formed HTML on its own.
 */
export function splitHighlightedLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let line = '';
  for (const [token] of html.matchAll(/<span[^>]*>|<\/span>|\n|[^<\n]+/g)) {
    if (token === '\n') {
      lines.push(line + '</span>'.repeat(open.length));
      line = open.join('');
    } else {
      if (token.startsWith('<span')) open.push(token);
      else if (token === '</span>') open.pop();
      line += token;
    }
  }
  lines.push(line);
  return lines;
}

export function highlightFile(path: string, content: string): HighlightedFile {
  const language = languageFor(path);
  const totalLines = countLines(content);
  const shown = head(content, HIGHLIGHT_MAX_LINES, HIGHLIGHT_MAX_CHARS);
  const body = shown.endsWith('\n') ? shown.slice(0, -1) : shown;
  const html = language === 'plaintext' ? escapeHtml(body) : hljs.highlight(body, { language, ignoreIllegals: true }).value;
  const lines = shown === '' ? [] : splitHighlightedLines(html);
  return { language, lines, totalLines, truncated: lines.length < totalLines };
}
