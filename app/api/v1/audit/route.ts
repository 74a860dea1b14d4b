import { getAuditResponse } from '@/lib/audit/queries';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

/** The audit log, newest first, with the Audit page's filters (viewer role). See lib/audit/queries.ts. */
export const GET = withRouteMetrics('/api/v1/audit', (request: Request) => getAuditResponse(request));
