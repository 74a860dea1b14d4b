'use client';
// Real-user monitoring of this app's own pages: starts the browser client (lib/rum/client) once per page load.
// Renders nothing. Client-side navigations are followed by the client itself, so this is mounted once, in the
// root layout.
import { useEffect } from 'react';
import { initAutoMonitoring } from '@/lib/rum/client';

export function AutoMonitoring({
  app,
  endpoint = '/api/v1/beacons',
  sampleRate,
}: {
  app: string;
  endpoint?: string;
  sampleRate?: number;
}) {
  useEffect(() => {
    // Once per page load: initAutoMonitoring ignores later calls (StrictMode's second effect, re-renders).
    initAutoMonitoring({ app, endpoint, sampleRate });
  }, [app, endpoint, sampleRate]);
  return null;
}
