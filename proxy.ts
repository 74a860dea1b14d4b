// Next 16's request hook (formerly middleware.ts). A pass-through for now: auth and request ids come later.
import { NextResponse } from 'next/server';

export function proxy() {
  return NextResponse.next();
}

export const config = {
  // Skip Next's own assets and static files so the hook never sits in front of them.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt)$).*)'],
};
