// Decisions made once per page load: whether it is sampled, its device class and its view id. Pure apart from
// randomViewId, which reads the browser's crypto.

/**
 * The configured rate: missing -> 1 (everything); 0 -> off; (0, 1] -> itself; anything else -> null (a
 * misconfiguration, reported by the caller; guessing could send ten times the intended traffic).
 */
export function parseSampleRate(rate: number | undefined): number | null {
  if (rate === undefined) return 1;
  return rate >= 0 && rate <= 1 ? rate : null;
}

/**
 * One decision for the whole page load (`random` in [0, 1)), so a sampled page sends all its events and an
 * unsampled one none: dropping single values instead would skew the percentiles toward the pages that send more.
 */
export function isSampled(rate: number, random: number): boolean {
  return random < rate;
}

export type DeviceClass = 'mobile' | 'tablet' | 'desktop';

/**
 * Touch devices by their short side (a phone on its side is still a phone), others by width (a narrow desktop
 * window gets the mobile layout). 600 px is where common phones end and tablets begin.
 */
export function deviceClass(width: number, height: number, coarsePointer: boolean): DeviceClass {
  if (coarsePointer) return Math.min(width, height) < 600 ? 'mobile' : 'tablet';
  return width < 600 ? 'mobile' : 'desktop';
}

/** A random id for one page load: nothing about the user, nothing that survives a reload. */
export function randomViewId(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');
}
