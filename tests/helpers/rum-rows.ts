// A RumEventRow with every field filled (a desktop page view of `/` by app `web`), for tests that build rows by hand.
import type { RumEventRow } from '@/lib/rum/beacon';

export function rumRow(over: Partial<RumEventRow> = {}): RumEventRow {
  return {
    at: new Date(),
    app: 'web',
    kind: 'pageview',
    path: '/',
    page: null,
    device: 'desktop',
    view: 'v',
    sampleRate: 1,
    metric: null,
    value: null,
    rating: null,
    message: null,
    stack: null,
    method: null,
    url: null,
    status: null,
    fingerprint: null,
    ...over,
  };
}
