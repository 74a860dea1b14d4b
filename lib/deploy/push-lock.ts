// One push at a time across every replica (lib/db/advisory-lock.ts explains the mechanism). The embedded
// PostgreSQL relies on push.ts's in-process single flight instead.
import { tryAdvisoryLock, type HeldLock } from '../db/advisory-lock';

/** pg_advisory_lock key: "awoooi-p" as an int64, apart from discovery's and Prisma's migration lock. */
const PUSH_LOCK_KEY = '8247186418519074160';

/** The lock, or null when another replica's push holds it. */
export function tryPushLock(url: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<HeldLock | null> {
  return tryAdvisoryLock(url, PUSH_LOCK_KEY, env);
}
