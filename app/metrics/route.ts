import { metricsResponse } from '@/lib/observability/metrics';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return metricsResponse(request);
}
