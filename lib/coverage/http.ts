// GET /api/v1/coverage (viewer): the coverage board as JSON (the dashboard's and the wall screen's data), or with
// ?format=md the seed's Markdown report of the registry as it is now, for PR comments.
import { requireRouteRole } from '../auth/guard';
import { db, type Db } from '../db/client';
import { guarded, json } from '../http/responses';
import { loadRegistry } from '../registry/store';
import { getCoverageBoard } from './board';
import { coverageMarkdown, coverageReport } from './report';

export function getCoverageResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('GET /api/v1/coverage', async () => {
    const who = await requireRouteRole(request, 'viewer', database());
    if (who instanceof Response) return who;
    const params = new URL(request.url).searchParams;
    const format = params.get('format') ?? 'json';
    const daysText = params.get('days') ?? '30';
    const days = /^\d{1,3}$/.test(daysText) ? Number(daysText) : NaN;
    if (!(days >= 1 && days <= 366)) return json({ error: `days must be a whole number from 1 to 366, got ${JSON.stringify(daysText)}` }, 400);
    if (format === 'md') {
      const markdown = coverageMarkdown(coverageReport(await loadRegistry(database())), { timestamp: new Date().toISOString() });
      return new Response(markdown, { headers: { 'content-type': 'text/markdown; charset=utf-8', 'cache-control': 'no-store' } });
    }
    if (format !== 'json') return json({ error: `format must be json or md, got ${JSON.stringify(format)}` }, 400);
    return json(await getCoverageBoard(database(), { trendDays: days }), 200, { 'cache-control': 'no-store' });
  });
}
