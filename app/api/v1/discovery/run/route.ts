import { postRunResponse } from '@/lib/discovery/http';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return postRunResponse(request);
}
