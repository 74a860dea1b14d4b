// The beacon format v1 (lib/rum/beacon.ts): what parseBeacon refuses and how, and what beaconRows makes of a
// valid beacon (query strings gone, ratings from the server's thresholds, client clock corrected, stale events out).
import { describe, expect, it } from 'vitest';
import { BEACON_LIMITS, beaconRows, parseBeacon, type Beacon } from '../../lib/rum/beacon';
import { pageMatcher } from '../../lib/rum/page-match';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

function beacon(overrides: Record<string, unknown> = {}, events: unknown[] = [{ t: 'pageview', path: '/', at: NOW }]) {
  return { v: 1, app: 'awoooi-web', view: 'view_1', device: 'desktop', rate: 1, sent: NOW, events, ...overrides };
}

const problemsOf = (value: unknown) => {
  const parsed = parseBeacon(JSON.stringify(value));
  if (parsed.ok) throw new Error('expected the beacon to be refused');
  return parsed.problems;
};

const valid = (value: unknown): Beacon => {
  const parsed = parseBeacon(JSON.stringify(value));
  if (!parsed.ok) throw new Error(`expected a valid beacon, got ${parsed.problems.join('; ')}`);
  return parsed.beacon;
};

describe('parseBeacon refuses, saying where and what', () => {
  it('text that is not JSON', () => {
    const parsed = parseBeacon('{"v":1,');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems[0]).toMatch(/^body: not JSON/);
  });

  it('wrong types, at their paths', () => {
    const problems = problemsOf(beacon({ v: 2, rate: '1', sent: -5 }, [{ t: 'vital', path: '/', at: 1.5, name: 'FID', value: 'fast' }]));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^v: /),
        expect.stringMatching(/^rate: /),
        expect.stringMatching(/^sent: /),
        expect.stringMatching(/^events\[0\]\.at: /),
        expect.stringMatching(/^events\[0\]\.name: /),
        expect.stringMatching(/^events\[0\]\.value: /),
      ]),
    );
  });

  it('unknown fields, on the beacon and on an event', () => {
    expect(problemsOf(beacon({ user: 'alice@example.com' }))).toContain('unknown field "user"');
    expect(problemsOf(beacon({}, [{ t: 'pageview', path: '/', at: NOW, cookie: 'x' }]))).toContain('events[0]: unknown field "cookie"');
  });

  it('an unknown event type', () => {
    expect(problemsOf(beacon({}, [{ t: 'click', path: '/', at: NOW }]))[0]).toMatch(/^events\[0\]\.t: /);
  });

  it('strings over their limits', () => {
    const long = (n: number) => `/${'a'.repeat(n)}`;
    expect(problemsOf(beacon({}, [{ t: 'pageview', path: long(BEACON_LIMITS.path), at: NOW }]))[0]).toMatch(/^events\[0\]\.path: /);
    expect(problemsOf(beacon({}, [{ t: 'error', path: '/', at: NOW, message: 'x'.repeat(BEACON_LIMITS.message + 1) }]))[0]).toMatch(
      /^events\[0\]\.message: /,
    );
    expect(
      problemsOf(beacon({}, [{ t: 'fetch', path: '/', at: NOW, method: 'GET', url: `https://x/${'u'.repeat(BEACON_LIMITS.url)}`, status: 200, ms: 1 }]))[0],
    ).toMatch(/^events\[0\]\.url: /);
    expect(problemsOf(beacon({ app: 'a'.repeat(65) }))[0]).toMatch(/^app: /);
    // exactly at the limit is fine
    valid(beacon({}, [{ t: 'pageview', path: long(BEACON_LIMITS.path - 1), at: NOW }]));
  });

  it('too many events, and none', () => {
    const many = Array.from({ length: BEACON_LIMITS.events + 1 }, () => ({ t: 'pageview', path: '/', at: NOW }));
    expect(problemsOf(beacon({}, many))[0]).toMatch(/^events: /);
    expect(problemsOf(beacon({}, []))[0]).toMatch(/^events: /);
    valid(beacon({}, many.slice(1)));
  });

  it('a path that is not a path', () => {
    expect(problemsOf(beacon({}, [{ t: 'pageview', path: 'https://evil/x', at: NOW }]))[0]).toMatch(/^events\[0\]\.path: must start with \//);
  });
});

describe('beaconRows', () => {
  const match = pageMatcher(['/services/[id]', '/services/new', '/']);

  it('strips query strings and fragments from paths and URLs, and matches the registered page', () => {
    const b = valid(
      beacon({}, [
        { t: 'pageview', path: '/services/12?token=secret#top', at: NOW },
        { t: 'fetch', path: '/services/new?x=1', at: NOW, method: 'post', url: 'https://api.example.com/users/42?token=x#f', status: 503, ms: 120 },
      ]),
    );
    const { rows } = beaconRows(b, new Date(NOW), match);
    expect(rows.map((r) => [r.path, r.page])).toEqual([
      ['/services/12', '/services/[id]'],
      ['/services/new', '/services/new'],
    ]);
    expect(rows[1]).toMatchObject({ kind: 'fetch', method: 'POST', url: 'https://api.example.com/users/42', status: 503, value: 120 });
    expect(rows[1]!.fingerprint).toBe('fetch POST https://api.example.com/users/:n 5xx');
    expect(JSON.stringify(rows)).not.toContain('secret');
    expect(JSON.stringify(rows)).not.toContain('token');
  });

  it("rates vitals by the server's thresholds and fingerprints errors", () => {
    const b = valid(
      beacon({}, [
        { t: 'vital', path: '/', at: NOW, name: 'LCP', value: 2500 },
        { t: 'vital', path: '/', at: NOW, name: 'INP', value: 350 },
        { t: 'vital', path: '/', at: NOW, name: 'CLS', value: 0.3 },
        { t: 'error', path: '/', at: NOW, message: 'Order 1234 failed', stack: 'Error: x\n    at pay (app.js:10:5)' },
      ]),
    );
    const { rows } = beaconRows(b, new Date(NOW), match);
    expect(rows.slice(0, 3).map((r) => [r.metric, r.rating])).toEqual([
      ['LCP', 'good'],
      ['INP', 'needs-improvement'],
      ['CLS', 'poor'],
    ]);
    expect(rows[3]).toMatchObject({ kind: 'error', message: 'Order 1234 failed', fingerprint: 'error Order :n failed at pay (app.js' });
  });

  it("shifts event times by the client's clock skew, never into the future", () => {
    // The phone's clock is an hour slow: it says it sent at NOW - 1 h, we received at NOW.
    const hour = 3_600_000;
    const b = valid(beacon({ sent: NOW - hour }, [{ t: 'pageview', path: '/', at: NOW - hour - 5_000 }, { t: 'pageview', path: '/', at: NOW }]));
    const { rows } = beaconRows(b, new Date(NOW), match);
    expect(rows[0]!.at.getTime()).toBe(NOW - 5_000);
    expect(rows[1]!.at.getTime()).toBe(NOW); // "an hour after sending" is capped at the receive time
  });

  it('drops events older than the maximum age and keeps the rest', () => {
    const b = valid(
      beacon({}, [
        { t: 'pageview', path: '/', at: NOW - BEACON_LIMITS.maxAgeMs - 1 },
        { t: 'pageview', path: '/services/1', at: NOW - 1_000 },
      ]),
    );
    const { rows, tooOld } = beaconRows(b, new Date(NOW), match);
    expect(tooOld).toBe(1);
    expect(rows.map((r) => r.path)).toEqual(['/services/1']);
  });

  it('carries the beacon fields onto every row', () => {
    const b = valid(beacon({ device: 'mobile', rate: 0.25, view: 'abc-123' }));
    expect(beaconRows(b, new Date(NOW), match).rows[0]).toMatchObject({ app: 'awoooi-web', device: 'mobile', sampleRate: 0.25, view: 'abc-123', page: '/' });
  });
});
