import { getAuditEntryResponse } from '@/lib/audit/queries';

export const dynamic = 'force-dynamic';

/** One audit entry with its changes, 200 a page (viewer role). See lib/audit/queries.ts. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return getAuditEntryResponse(request, (await params).id);
}
