import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { AppChrome } from '@/components/nav/AppChrome';
import { SideNav } from '@/components/nav/SideNav';
import { UserBox } from '@/components/auth/UserBox';
import { QueryProvider } from '@/components/providers/QueryProvider';
import { AutoMonitoring } from '@/components/rum/AutoMonitoring';
import { currentActor } from '@/lib/auth/guard';
import { SELF_APP_NAME, selfMonitoringEnabled } from '@/lib/rum/self-monitoring';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'awoooi-monitor', template: '%s · awoooi-monitor' },
  description: 'Monitoring-as-code control plane: one service registry in, every monitoring config out.',
  // Inline so there is no static file to serve (and no favicon 404 in every page's console).
  icons: {
    icon: `data:image/svg+xml,${encodeURIComponent(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4338ca"/><path d="M6 18h5l3-8 4 14 3-6h5" fill="none" stroke="#fff" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>',
    )}`,
  },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Only for what the chrome shows (name, role, which links); every page checks the role again itself.
  const actor = await currentActor().catch(() => null);
  return (
    <html lang="en">
      <body>
        <a
          href="#main"
          className="sr-only rounded-md bg-white text-sm font-medium shadow-md focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <AppChrome
          sidebar={
            <aside className="sticky top-0 h-screen w-56 shrink-0 overflow-y-auto border-r border-slate-200 bg-white">
              <div className="border-b border-slate-200 px-6 py-4">
                <Link href="/" className="text-base font-semibold tracking-tight text-slate-900 no-underline hover:no-underline">
                  awoooi-monitor
                </Link>
                <p className="text-xs text-slate-500">Monitoring as code</p>
              </div>
              <SideNav role={actor?.role ?? null} />
              {actor && <UserBox actor={{ kind: actor.kind, name: actor.name, role: actor.role }} />}
            </aside>
          }
        >
          <QueryProvider>{children}</QueryProvider>
        </AppChrome>
        {/* We eat our own cooking: this app's pages send Web Vitals, errors and failed fetches to its own intake. */}
        {selfMonitoringEnabled(process.env) && <AutoMonitoring app={SELF_APP_NAME} />}
      </body>
    </html>
  );
}
