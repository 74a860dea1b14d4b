// The in-app schedule: every replica ticks, but a scan starts only when the last one (any replica, any trigger)
// started at least one interval ago, and the advisory lock lets exactly one of them through. So N replicas scan
// once per interval, and a replica that restarts does not rescan at once.
import { db } from '../db/client';
import { loadDiscoveryConfig } from './config';
import { startDiscovery } from './runner';
import type { Env } from './types';

/** DISCOVERY_INTERVAL_MINUTES overrides the config file's schedule.interval_minutes; 0 turns it off. */
export function intervalMinutes(fromConfig: number, env: Env = process.env): { minutes: number; problem?: string } {
  const raw = env.DISCOVERY_INTERVAL_MINUTES?.trim();
  if (!raw) return { minutes: fromConfig };
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 0) return { minutes: n };
  return { minutes: fromConfig, problem: `DISCOVERY_INTERVAL_MINUTES must be a whole number of minutes (0 = off), got ${JSON.stringify(raw)}; using ${fromConfig}` };
}

/** Whether a scheduled scan is due, given when the latest run started. */
export function scanDue(lastStartedAt: Date | null, now: Date, minutes: number): boolean {
  if (minutes <= 0) return false;
  return lastStartedAt === null || now.getTime() - lastStartedAt.getTime() >= minutes * 60_000;
}

const holder = globalThis as unknown as { __awoooiDiscoverySchedule?: NodeJS.Timeout };

/** Starts ticking (once per process). The first tick waits a full tick, so a fresh start never scans at once. */
export async function startDiscoverySchedule(env: Env = process.env): Promise<string> {
  if (holder.__awoooiDiscoverySchedule) return 'already running';
  const loaded = await loadDiscoveryConfig(env);
  if (!loaded.ok) return `discovery schedule off: the discovery config is invalid: ${loaded.problems.join('; ')}`;
  const { minutes, problem } = intervalMinutes(loaded.value.schedule.interval_minutes, env);
  if (problem) console.warn(`[awoooi-monitor] ${problem}`);
  if (minutes === 0) return 'discovery schedule off (interval 0)';
  const tickMs = Math.min(minutes * 60_000, 60_000);
  const tick = async () => {
    try {
      const last = await db().discoveryRun.findFirst({ orderBy: { id: 'desc' }, select: { startedAt: true } });
      if (!scanDue(last?.startedAt ?? null, new Date(), minutes)) return;
      if (last === null && process.uptime() * 1000 < minutes * 60_000) return; // never scanned: wait one interval after start
      const started = await startDiscovery(db(), { trigger: 'schedule', actorName: 'schedule', config: loaded.value, env });
      if (started.ok) await started.done;
    } catch (error) {
      console.error('scheduled discovery failed:', error);
    }
  };
  holder.__awoooiDiscoverySchedule = setInterval(tick, tickMs);
  holder.__awoooiDiscoverySchedule.unref();
  return `discovery every ${minutes} min`;
}
