// Times on the admin pages: UTC and the same text on server and browser (no locale, no hydration mismatch).

/** "2026-03-01 14:02 UTC", or `none` for null. */
export function formatTime(iso: string | null, none = 'never'): string {
  if (!iso) return none;
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
