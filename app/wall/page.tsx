import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { getCoverageBoard } from '@/lib/coverage/board';
import { WallBoard } from '@/components/coverage/WallBoard';

// Read-only coverage for a TV (1920x1080). Opened with a viewer share link (/wall?share=...), so no sign-in.
// The layout leaves out the sidebar here (components/nav/AppChrome.tsx). The first figures are rendered on the
// server so the screen has data at once; the browser then refreshes them every 30 s.
export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Wall screen' };

export default async function WallPage() {
  await requirePageRole('viewer', '/wall');
  const board = await getCoverageBoard(db());
  return <WallBoard initialData={board} renderedAt={Date.now()} />;
}
