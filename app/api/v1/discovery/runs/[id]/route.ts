import { getRunResponse } from '@/lib/discovery/http';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return getRunResponse(request, (await params).id);
}
