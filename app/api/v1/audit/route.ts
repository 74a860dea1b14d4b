import { getAuditResponse } from '@/lib/audit/queries';

export const dynamic = 'force-dynamic';

/** The audit log, newest first, with the Audit page's filters (viewer role). See lib/audit/queries.ts. */
export function GET(request: Request) {
  return getAuditResponse(request);
}
