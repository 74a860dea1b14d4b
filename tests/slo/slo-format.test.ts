// How the SLO page writes its numbers.
import { describe, expect, it } from 'vitest';
import { burn, chartHref, percent, targetText } from '@/components/slo/slo-format';

describe('slo-format', () => {
  it('writes shares as percentages, dropping only decimal zeros', () => {
    expect(percent(0.994708333)).toBe('99.471 %');
    expect(percent(0.995)).toBe('99.5 %');
    expect(percent(1)).toBe('100 %');
    expect(percent(-0.5, 0)).toBe('−50 %');
    expect(percent(0.1, 1)).toBe('10 %');
    expect(percent(0, 1)).toBe('0 %');
    expect(percent(-0.0001, 1)).toBe('0 %');
    expect(percent(-1.45, 1)).toBe('−145 %');
  });

  it('writes burn rates and targets', () => {
    expect(burn(4)).toBe('4.00×');
    expect(burn(14.4)).toBe('14.4×');
    expect(targetText({ kind: 'availability', objectivePercent: 99.9, thresholdMs: null })).toBe('99.9 % of requests succeed');
    expect(targetText({ kind: 'latency', objectivePercent: 99, thresholdMs: 250 })).toBe('99 % faster than 250 ms');
    expect(targetText({ kind: null, objectivePercent: null, thresholdMs: null })).toBe('no SLO set');
    expect(chartHref('availability GET /a b')).toBe('/slo?chart=availability%20GET%20%2Fa%20b#slo-chart');
  });
});
