// POST /api/v1/beacons: real-user monitoring beacons from the pages of the monitored apps (docs/RUM.md).
import { after } from 'next/server';
import { withRouteMetrics } from '@/lib/observability/route-metrics';
import { handleBeaconPreflight, handleBeaconRequest } from '@/lib/rum/ingest/handler';
import { rumIngest } from '@/lib/rum/ingest/instance';

export const dynamic = 'force-dynamic';

// `after` keeps a graceful shutdown from exiting before the buffered events are stored (lib/rum/ingest/shutdown.ts).
export const POST = withRouteMetrics('/api/v1/beacons', (request) => handleBeaconRequest(request, rumIngest(), { waitUntil: after }));
export const OPTIONS = withRouteMetrics('/api/v1/beacons', (request) => handleBeaconPreflight(request, rumIngest()));
