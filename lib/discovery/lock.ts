// One discovery scan at a time across every replica (lib/db/advisory-lock.ts explains the mechanism).
import { tryAdvisoryLock, type HeldLock } from '../db/advisory-lock';
import type { Env } from './types';

export { sharesOneBackendSession, type HeldLock } from '../db/advisory-lock';

/** pg_advisory_lock key: "awoooi-d" as an int64, so it cannot collide with Prisma's migration lock. */
const DISCOVERY_LOCK_KEY = '8247186418519074148';

/** The lock, or null when another replica's scan holds it. */
export function tryDiscoveryLock(url: string, env: Env = process.env): Promise<HeldLock | null> {
  return tryAdvisoryLock(url, DISCOVERY_LOCK_KEY, env);
}
