// Real-user monitoring series for GET /metrics. CONTRACT STUB: the ingester (lib/rum/ingest) calls these; the
// self-monitoring work fills them in with prom-client metrics.
import type { RumEventRow } from '../rum/beacon';

export type BeaconOutcome = 'accepted' | 'rejected' | 'rate_limited' | 'dropped' | 'stored';

/** Beacon events by what became of them: accepted (202 sent), rejected (400/413/403), rate_limited (429),
 *  dropped (accepted but the buffer was full), stored (written to PostgreSQL). */
export function countBeaconEvents(_outcome: BeaconOutcome, _events: number): void {}

/** Accepted rows, for the per-page Web Vitals histograms and error / failed-fetch / page-view counters. */
export function observeRumEvents(_rows: readonly RumEventRow[]): void {}
