// The entry of public/monitor.js (scripts/build-client.mjs), for any page:
//   <script src="https://monitor.example/monitor.js" data-app="awoooi-web" defer></script>
// data-endpoint defaults to the script's own origin + /api/v1/beacons; data-sample-rate to 1.
import { initAutoMonitoring } from './auto-monitoring';

try {
  // currentScript is this tag while a classic (also deferred) script first runs; null in module scripts.
  const script = document.currentScript as HTMLScriptElement | null;
  if (script) {
    const { app = '', endpoint, sampleRate } = script.dataset;
    initAutoMonitoring({
      app,
      endpoint: endpoint || new URL('/api/v1/beacons', script.src || location.href).href,
      sampleRate: sampleRate ? Number(sampleRate) : undefined,
    });
  }
} catch {
  // Never break the page that loads us.
}
