import { withRouteMetrics } from '@/lib/observability/route-metrics';
import { getRegistryPagesResponse } from '@/lib/rum/pages-http';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/registry/pages', (request: Request) => getRegistryPagesResponse(request));

