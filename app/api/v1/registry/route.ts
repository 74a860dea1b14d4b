import { getRegistryResponse, putRegistryResponse } from '@/lib/registry/http';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return getRegistryResponse(request);
}

export function PUT(request: Request) {
  return putRegistryResponse(request);
}
