import { db } from '@/lib/db/client';
import { checkDatabase } from '@/lib/db/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const health = await checkDatabase(db());
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
