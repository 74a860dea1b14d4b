// better-auth's endpoints (sign-in, sign-out, session, single sign-on callbacks) under /api/auth/*.
import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth/auth';
import { withRouteMetrics } from '@/lib/observability/route-metrics';

export const dynamic = 'force-dynamic';

export const GET = withRouteMetrics('/api/auth/[...all]', (request: Request) => toNextJsHandler(auth()).GET(request));

export const POST = withRouteMetrics('/api/auth/[...all]', (request: Request) => toNextJsHandler(auth()).POST(request));
