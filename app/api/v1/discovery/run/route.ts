import { postRunResponse } from '@/lib/discovery/http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const POST = withRouteMetrics('/api/v1/discovery/run', (request: Request) => postRunResponse(request));
