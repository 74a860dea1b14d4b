import { getCoverageResponse } from '@/lib/coverage/http';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return getCoverageResponse(request);
}
