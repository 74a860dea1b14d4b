import { postTemplatePreviewResponse } from '@/lib/templates/preview-http';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const POST = withRouteMetrics('/api/v1/templates/preview', (request: Request) => postTemplatePreviewResponse(request));
