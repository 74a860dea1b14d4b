import { getFindingsResponse } from '@/lib/discovery/http';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return getFindingsResponse(request);
}
