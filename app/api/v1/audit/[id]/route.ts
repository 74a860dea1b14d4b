import { getAuditEntryResponse } from '@/lib/audit/queries';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

/** One audit entry with its changes, 200 a page (viewer role). See lib/audit/queries.ts. */
export const GET = withRouteMetrics('/api/v1/audit/[id]', async (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  getAuditEntryResponse(request, (await params).id),
);
