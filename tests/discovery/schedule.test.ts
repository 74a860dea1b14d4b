import { describe, expect, it } from 'vitest';
import { intervalMinutes, scanDue } from '@/lib/discovery/schedule';

describe('the in-app discovery schedule', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it('is due when the last scan (any trigger, any replica) started at least one interval ago', () => {
    expect(scanDue(null, now, 60)).toBe(true);
    expect(scanDue(new Date('2026-12-02T11:00:00Z'), now, 60)).toBe(true);
    expect(scanDue(new Date('2026-12-02T11:00:01Z'), now, 60)).toBe(false);
    expect(scanDue(null, now, 0)).toBe(false);
  });
  it('takes DISCOVERY_INTERVAL_MINUTES over the config, and says so when it is nonsense', () => {
    expect(intervalMinutes(60, {})).toEqual({ minutes: 60 });
    expect(intervalMinutes(60, { DISCOVERY_INTERVAL_MINUTES: '0' })).toEqual({ minutes: 0 });
    expect(intervalMinutes(60, { DISCOVERY_INTERVAL_MINUTES: '15' })).toEqual({ minutes: 15 });
    expect(intervalMinutes(60, { DISCOVERY_INTERVAL_MINUTES: 'soon' })).toEqual({ minutes: 60, problem: expect.stringMatching(/got "soon"; using 60/) });
  });
});
