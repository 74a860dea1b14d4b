'use client';
// The page frame: sidebar and content column, or, for full-screen pages such as the wall screen, the page alone.
// A client component because only usePathname knows the path (the root layout does not get it); the sidebar is
// still rendered on the server and passed in.
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { isCurrent } from './nav-items';

/** Pages that fill the screen themselves: no sidebar, no width limit. */
export const FULL_SCREEN_PATHS = ['/wall'] as const;

export function AppChrome({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  const pathname = usePathname() ?? '/';
  if (FULL_SCREEN_PATHS.some((p) => isCurrent(p, pathname))) {
    return (
      <main id="main" tabIndex={-1} className="focus:outline-none">
        {children}
      </main>
    );
  }
  return (
    <div className="flex min-h-screen">
      {sidebar}
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-8 py-8 focus:outline-none">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
