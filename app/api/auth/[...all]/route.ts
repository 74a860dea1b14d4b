// better-auth's endpoints (sign-in, sign-out, session, single sign-on callbacks) under /api/auth/*.
import { toNextJsHandler } from 'better-auth/next-js';
import { auth } from '@/lib/auth/auth';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return toNextJsHandler(auth()).GET(request);
}

export function POST(request: Request) {
  return toNextJsHandler(auth()).POST(request);
}
