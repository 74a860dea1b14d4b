import { listPushesResponse, postPushResponse } from '@/lib/deploy/push-http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/deploy/pushes', async (request: Request) => listPushesResponse(request));
export const POST = withRouteMetrics('/api/v1/deploy/pushes', async (request: Request) => postPushResponse(request));
