// The range and device-class choices of the Web Vitals pages.
import { DEVICE_FILTERS, RANGE_KEYS, RANGES, rumHref, VITALS_DEFAULTS, type VitalsParams } from '@/lib/rum/rum-params';
import { ChoiceBar, ChoiceGroup } from './RumControls';
import { DEVICE_LABELS } from './vital-format';

export function VitalsChoices({ base, params, keep = {} }: { base: string; params: VitalsParams; keep?: Record<string, string> }) {
  const href = (change: Partial<VitalsParams>) => rumHref(base, { ...keep, ...params, ...change }, VITALS_DEFAULTS);
  return (
    <ChoiceBar>
      <ChoiceGroup label="Range" choices={RANGE_KEYS.map((r) => ({ label: RANGES[r].label.replace('Last ', ''), href: href({ range: r }), current: params.range === r }))} />
      <ChoiceGroup label="Device class" choices={DEVICE_FILTERS.map((d) => ({ label: DEVICE_LABELS[d], href: href({ device: d }), current: params.device === d }))} />
    </ChoiceBar>
  );
}
