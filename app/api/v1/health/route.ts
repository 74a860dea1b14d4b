import { db } from '@/lib/db/client';
import { checkDatabase } from '@/lib/db/health';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/health', async () => {
  const health = await checkDatabase(db());
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
});
