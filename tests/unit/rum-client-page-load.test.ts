// Per-page-load decisions of the browser client (lib/rum/client/page-load.ts), and its safety outside a browser.
import { describe, expect, it } from 'vitest';
import { beaconSchema } from '../../lib/rum/beacon';
import { deviceClass, isSampled, parseSampleRate, randomViewId } from '../../lib/rum/client/page-load';

describe('parseSampleRate', () => {
  it('defaults to everything', () => {
    expect(parseSampleRate(undefined)).toBe(1);
  });
  it('takes rates in (0, 1], and 0 as off', () => {
    expect(parseSampleRate(1)).toBe(1);
    expect(parseSampleRate(0.25)).toBe(0.25);
    expect(parseSampleRate(0.0000001)).toBe(0.0000001);
    expect(parseSampleRate(0)).toBe(0);
  });
  it('refuses anything else rather than guess', () => {
    for (const bad of [NaN, -0.1, 1.5, 10, Infinity]) expect(parseSampleRate(bad)).toBeNull();
  });
});

describe('isSampled', () => {
  it('is one decision from one random number: sampled below the rate', () => {
    expect(isSampled(0.1, 0.0999)).toBe(true);
    expect(isSampled(0.1, 0.1)).toBe(false);
    expect(isSampled(1, 0.999999)).toBe(true);
    expect(isSampled(0, 0)).toBe(false);
  });

  it('samples the given share of page loads', () => {
    // Evenly spread "random" numbers: exactly the rate's share of them is sampled.
    const randoms = Array.from({ length: 10_000 }, (_, i) => i / 10_000);
    for (const rate of [0.01, 0.1, 0.5, 1]) expect(randoms.filter((r) => isSampled(rate, r)).length).toBe(rate * 10_000);
  });
});

describe('deviceClass', () => {
  it('classes touch devices by their short side', () => {
    expect(deviceClass(390, 844, true)).toBe('mobile'); // a phone
    expect(deviceClass(844, 390, true)).toBe('mobile'); // the same phone on its side
    expect(deviceClass(820, 1180, true)).toBe('tablet');
    expect(deviceClass(1180, 820, true)).toBe('tablet');
  });
  it('classes other devices by width', () => {
    expect(deviceClass(1440, 900, false)).toBe('desktop');
    expect(deviceClass(800, 600, false)).toBe('desktop');
    expect(deviceClass(500, 900, false)).toBe('mobile');
  });
});

describe('randomViewId', () => {
  it('is a valid, fresh view id each time', () => {
    const ids = Array.from({ length: 100 }, randomViewId);
    for (const id of ids) expect(beaconSchema.shape.view.safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(100);
  });
});

describe('outside a browser', () => {
  it('imports without side effects and does not start (a server component tree may import it)', async () => {
    const { initAutoMonitoring } = await import('../../lib/rum/client');
    expect(typeof window).toBe('undefined');
    expect(initAutoMonitoring({ endpoint: 'https://monitor.example/api/v1/beacons', app: 'awoooi-web' })).toBe(false);
  });
});
