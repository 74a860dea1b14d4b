// The Errors page's groups without I/O: one per fingerprint and page (the registered pattern, or the raw path of
// an unknown page), with counts scaled by the sample rate, and a one-line title from the group's latest sample.
export interface ErrorGroupRow {
  fingerprint: string;
  kind: 'error' | 'fetch';
  place: string;
  /** every event of the group was on a path that matched no registered page */
  unknown: boolean;
  /** estimated occurrences: sum of 1 / sample rate */
  estimate: number;
  /** distinct page views with the error, estimated the same way (each view counted once per group) */
  viewsEstimate: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** the latest occurrence (null only if it was deleted in between) */
  sampleId: bigint | null;
}

export interface ErrorSample {
  id: bigint;
  app: string;
  path: string;
  message: string | null;
  stack: string | null;
  method: string | null;
  url: string | null;
  status: number | null;
  value: number | null;
}

export interface ErrorGroup {
  fingerprint: string;
  kind: 'error' | 'fetch';
  place: string;
  unknown: boolean;
  title: string;
  count: number;
  views: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  sample: ErrorSample | null;
}

export interface ErrorTotals {
  /** estimated events of each kind in the window (all groups, shown or not) */
  errors: number;
  fetches: number;
  groups: number;
}

const TITLE_MAX = 200;

/** Error: the message's first line. Fetch: `GET /api/x → 503` (status 0: the request got no response at all). */
export function errorTitle(kind: 'error' | 'fetch', sample: ErrorSample | null, fingerprint: string): string {
  if (!sample) return fingerprint.slice(0, TITLE_MAX);
  if (kind === 'fetch') {
    const outcome = sample.status === 0 || sample.status === null ? 'no response (network error, CORS or aborted)' : `HTTP ${sample.status}`;
    return `${sample.method ?? 'GET'} ${sample.url ?? '?'} → ${outcome}`.slice(0, TITLE_MAX);
  }
  const first = (sample.message ?? '').split('\n')[0]!.trim();
  return (first || '(no message)').slice(0, TITLE_MAX);
}

export function errorGroupsFrom(rows: readonly ErrorGroupRow[], samples: readonly ErrorSample[]): ErrorGroup[] {
  const byId = new Map(samples.map((s) => [s.id.toString(), s]));
  return rows.map((r) => {
    const sample = r.sampleId === null ? null : (byId.get(r.sampleId.toString()) ?? null);
    return {
      fingerprint: r.fingerprint,
      kind: r.kind,
      place: r.place,
      unknown: r.unknown,
      title: errorTitle(r.kind, sample, r.fingerprint),
      count: Math.round(r.estimate),
      views: Math.round(r.viewsEstimate),
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
      sample,
    };
  });
}
