import { getCoverageResponse } from '@/lib/coverage/http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/coverage', (request: Request) => getCoverageResponse(request));
