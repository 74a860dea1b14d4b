// The SQL behind the Errors page: uncaught errors and failed fetches from raw events, grouped by fingerprint and
// page, most frequent first, at most `limit` groups; affected page views count each view once per group.
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { errorGroupsFrom, type ErrorGroup, type ErrorGroupRow, type ErrorSample, type ErrorTotals } from './errors-shape';
import { rawWindow, type ErrorsParams } from './rum-params';
import { retentionDays } from './settings';

export const ERROR_GROUPS_LIMIT = 100;

export interface ErrorsView {
  window: { from: Date; to: Date };
  retentionDays: number;
  groups: ErrorGroup[];
  totals: ErrorTotals;
}

export async function loadErrorGroups(db: Db, params: ErrorsParams, now: Date = new Date(), options: { retention?: number; limit?: number } = {}): Promise<ErrorsView> {
  const retention = options.retention ?? retentionDays().value;
  // Raw events only (RumDaily has no fingerprints): a range past the retention shows what is left.
  const window = rawWindow(params.range, now);
  const kinds = params.kind === 'all' ? ['error', 'fetch'] : [params.kind];
  const place = params.page === null ? Prisma.empty : Prisma.sql`AND coalesce(page, path) = ${params.page}`;
  const rows = await db.$queryRaw<(ErrorGroupRow & { totalGroups: number; totalErrors: number; totalFetches: number })[]>`
    WITH ev AS (
      SELECT id, fingerprint, kind, coalesce(page, path) AS place, page IS NULL AS unknown, view, "sampleRate" AS rate, "at"
      FROM "RumEvent"
      WHERE kind IN (${Prisma.join(kinds)}) AND fingerprint IS NOT NULL AND "at" >= ${window.from} AND "at" <= ${window.to} ${place}
    ),
    per_view AS (
      SELECT fingerprint, kind, place, view, bool_and(unknown) AS unknown, min(rate) AS rate, sum(1.0 / rate) AS est,
             min("at") AS first, max("at") AS last
      FROM ev GROUP BY fingerprint, kind, place, view
    ),
    groups AS (
      SELECT fingerprint, kind, place, bool_and(unknown) AS unknown, sum(est)::float8 AS estimate,
             sum(1.0 / rate)::float8 AS "viewsEstimate", min(first) AS "firstSeenAt", max(last) AS "lastSeenAt"
      FROM per_view GROUP BY fingerprint, kind, place
    ),
    top AS (
      SELECT *, (count(*) OVER ())::int AS "totalGroups",
             (coalesce(sum(estimate) FILTER (WHERE kind = 'error') OVER (), 0))::float8 AS "totalErrors",
             (coalesce(sum(estimate) FILTER (WHERE kind = 'fetch') OVER (), 0))::float8 AS "totalFetches"
      FROM groups ORDER BY estimate DESC, "lastSeenAt" DESC, fingerprint, place
      LIMIT ${options.limit ?? ERROR_GROUPS_LIMIT}
    )
    -- the sample is the latest occurrence, found through the (kind, at) index
    SELECT top.*, s.id AS "sampleId" FROM top
    LEFT JOIN LATERAL (
      SELECT id FROM "RumEvent" e
      WHERE e.kind = top.kind AND e."at" = top."lastSeenAt" AND e.fingerprint = top.fingerprint AND coalesce(e.page, e.path) = top.place
      ORDER BY id DESC LIMIT 1
    ) s ON true
    ORDER BY estimate DESC, "lastSeenAt" DESC, fingerprint, place`;
  const ids = rows.flatMap((r) => (r.sampleId === null ? [] : [r.sampleId]));
  const samples =
    ids.length === 0
      ? []
      : await db.$queryRaw<ErrorSample[]>`
          SELECT id, app, path, message, stack, method, url, status, value FROM "RumEvent" WHERE id = ANY(${ids}::bigint[])`;
  const first = rows[0];
  return {
    window,
    retentionDays: retention,
    groups: errorGroupsFrom(rows, samples),
    totals: { errors: Math.round(first?.totalErrors ?? 0), fetches: Math.round(first?.totalFetches ?? 0), groups: first?.totalGroups ?? 0 },
  };
}
