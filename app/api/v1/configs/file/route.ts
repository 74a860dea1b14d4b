import { getConfigFileResponse } from '@/lib/generate/configs-http';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return getConfigFileResponse(request);
}
