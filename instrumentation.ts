// Next.js calls register() once when a server process starts: the place for the in-app discovery schedule.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startDiscoverySchedule } = await import('./lib/discovery/schedule');
  console.log(`[awoooi-monitor] ${await startDiscoverySchedule()}`);
}
