import { getRegistryResponse, putRegistryResponse } from '@/lib/registry/http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/v1/registry', (request: Request) => getRegistryResponse(request));

export const PUT = withRouteMetrics('/api/v1/registry', (request: Request) => putRegistryResponse(request));
