import { getPushResponse } from '@/lib/deploy/push-http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/deploy/pushes/[id]', async (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  getPushResponse(request, (await params).id),
);
