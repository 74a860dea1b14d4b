import { getFindingsResponse } from '@/lib/discovery/http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/discovery', (request: Request) => getFindingsResponse(request));
