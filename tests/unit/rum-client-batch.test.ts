// Batching the browser client's events into beacon bodies within the server's limits (lib/rum/client/batch.ts).
import { describe, expect, it } from 'vitest';
import { BEACON_LIMITS, parseBeacon, type BeaconEvent } from '../../lib/rum/beacon';
import { beaconBodies, utf8Bytes } from '../../lib/rum/client/batch';
import * as limits from '../../lib/rum/client/limits';

const head = '{"v":1,"app":"awoooi-web","view":"abc123","device":"desktop","rate":0.5,"sent":1700000000000,"events":[';
const at = 1_700_000_000_000;
const pageview = (i: number): BeaconEvent => ({ t: 'pageview', path: `/p/${i}`, at, nav: 'route' });
const bigError = (i: number): BeaconEvent => ({
  t: 'error',
  path: '/',
  at,
  message: `error ${i} ${'m'.repeat(1000)}`,
  stack: `Error\n${'    at f (https://app.example/a.js:1:1)\n'.repeat(120)}`.slice(0, limits.MAX_STACK),
  source: 'error',
});

function parsedEvents(bodies: string[]): BeaconEvent[] {
  return bodies.flatMap((body) => {
    const parsed = parseBeacon(body);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    return parsed.beacon.events;
  });
}

describe('the client limits', () => {
  it('are the beacon format\'s limits', () => {
    expect(limits.MAX_EVENTS).toBe(BEACON_LIMITS.events);
    expect(limits.MAX_PATH).toBe(BEACON_LIMITS.path);
    expect(limits.MAX_URL).toBe(BEACON_LIMITS.url);
    expect(limits.MAX_MESSAGE).toBe(BEACON_LIMITS.message);
    expect(limits.MAX_STACK).toBe(BEACON_LIMITS.stack);
    expect(limits.MAX_BODY_BYTES).toBeLessThan(BEACON_LIMITS.bodyBytes);
  });
});

describe('utf8Bytes', () => {
  it('counts UTF-8 bytes, not characters', () => {
    for (const text of ['plain', 'naïve café', '日本語', 'emoji 🎉', '']) expect(utf8Bytes(text)).toBe(Buffer.byteLength(text));
  });
});

describe('beaconBodies', () => {
  it('sends a few events as one beacon the server accepts', () => {
    const events = [pageview(1), { t: 'vital', path: '/', at, name: 'LCP', value: 1234.5 } as BeaconEvent];
    const bodies = beaconBodies(head, events.map((e) => JSON.stringify(e)));
    expect(bodies).toHaveLength(1);
    expect(parsedEvents(bodies)).toEqual(events);
  });

  it('sends nothing for no events', () => {
    expect(beaconBodies(head, [])).toEqual([]);
  });

  it('splits at 200 events, in order, losing none', () => {
    const events = Array.from({ length: 450 }, (_, i) => pageview(i));
    const bodies = beaconBodies(head, events.map((e) => JSON.stringify(e)));
    expect(bodies.map((b) => (JSON.parse(b) as { events: unknown[] }).events.length)).toEqual([200, 200, 50]);
    expect(parsedEvents(bodies)).toEqual(events);
  });

  it('splits by size so that no body exceeds the byte limit', () => {
    const events = Array.from({ length: 40 }, (_, i) => bigError(i));
    const bodies = beaconBodies(head, events.map((e) => JSON.stringify(e)));
    expect(bodies.length).toBeGreaterThan(2);
    for (const body of bodies) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(limits.MAX_BODY_BYTES);
    // Full: adding the next event would have gone over.
    expect(Buffer.byteLength(bodies[0]!) + Buffer.byteLength(JSON.stringify(events[0])) + 1).toBeGreaterThan(limits.MAX_BODY_BYTES);
    expect(parsedEvents(bodies)).toEqual(events);
  });

  it('counts multi-byte characters as bytes', () => {
    const events = Array.from({ length: 30 }, (_, i): BeaconEvent => ({ t: 'error', path: '/', at, message: `${i} ${'日'.repeat(1000)}` }));
    const bodies = beaconBodies(head, events.map((e) => JSON.stringify(e)));
    // 30 × ~3 KB: more than one body, each under the limit in bytes (it would pass if characters were counted).
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(limits.MAX_BODY_BYTES);
    expect(parsedEvents(bodies)).toEqual(events);
  });

  it('honours smaller limits when given', () => {
    const bodies = beaconBodies(head, Array.from({ length: 7 }, (_, i) => JSON.stringify(pageview(i))), 3);
    expect(bodies).toHaveLength(3);
  });
});
