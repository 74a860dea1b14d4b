// Registered page paths are Next.js-style route patterns: `/services/[id]` matches one segment,
// `/docs/[...slug]` one or more, `/docs/[[...slug]]` zero or more. Literal paths match themselves (a trailing
// slash is ignored). Pure: used by ingestion, the Unknown pages list, the edge helper and the rollups.

type Segment = { kind: 'literal'; value: string } | { kind: 'one' } | { kind: 'rest'; optional: boolean };

export interface PagePattern {
  pattern: string;
  segments: Segment[];
  /** literal segments count more: `/services/new` wins over `/services/[id]` */
  specificity: number;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export function compilePattern(pattern: string): PagePattern {
  const segments: Segment[] = splitPath(pattern).map((s): Segment => {
    const optionalRest = /^\[\[\.\.\.[^\]]+\]\]$/.test(s);
    if (optionalRest) return { kind: 'rest', optional: true };
    if (/^\[\.\.\.[^\]]+\]$/.test(s)) return { kind: 'rest', optional: false };
    if (/^\[[^\]]+\]$/.test(s)) return { kind: 'one' };
    return { kind: 'literal', value: safeDecode(s) };
  });
  const specificity = segments.reduce((n, s) => n + (s.kind === 'literal' ? 100 : s.kind === 'one' ? 10 : 1), 0);
  return { pattern, segments, specificity };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function matches(p: PagePattern, parts: string[]): boolean {
  const { segments } = p;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === 'rest') return i === segments.length - 1 && (seg.optional ? parts.length >= i : parts.length > i);
    if (i >= parts.length) return false;
    if (seg.kind === 'literal' && seg.value !== parts[i]) return false;
  }
  return parts.length === segments.length;
}

/** A matcher over a set of patterns: the most specific match wins, as in Next's router. */
export function pageMatcher(patterns: Iterable<string>): (path: string) => string | null {
  const compiled = [...new Set(patterns)].map(compilePattern).sort((a, b) => b.specificity - a.specificity || a.pattern.localeCompare(b.pattern));
  const cache = new Map<string, string | null>();
  return (path: string) => {
    const clean = stripQuery(path);
    const hit = cache.get(clean);
    if (hit !== undefined) return hit;
    const parts = splitPath(clean).map(safeDecode);
    const found = compiled.find((p) => matches(p, parts))?.pattern ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(clean, found);
    return found;
  };
}

/** `/a/b?x=1#y` -> `/a/b` */
export function stripQuery(path: string): string {
  const q = path.search(/[?#]/);
  return q === -1 ? path : path.slice(0, q);
}
