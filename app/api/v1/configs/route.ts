import { getConfigsResponse } from '@/lib/generate/configs-http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/configs', (request: Request) => getConfigsResponse(request));
