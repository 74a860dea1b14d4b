import { postExportResponse } from '@/lib/deploy/git-export-http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const POST = withRouteMetrics('/api/v1/export', (request: Request) => postExportResponse(request));
