import { metricsResponse } from '@/lib/observability/metrics';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/metrics', (request: Request) => metricsResponse(request));
