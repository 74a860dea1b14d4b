import { getRunResponse } from '@/lib/discovery/http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/discovery/runs/[id]', async (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  getRunResponse(request, (await params).id),
);
