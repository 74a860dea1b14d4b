import { Badge, type BadgeTone } from '@/components/ui/Badge';
import type { TargetState as State } from '@/lib/discovery/store';

const TONE: Record<State, BadgeTone> = { pending: 'neutral', running: 'info', ok: 'on', failed: 'critical', skipped: 'neutral' };

export function TargetState({ state }: { state: State }) {
  return <Badge tone={TONE[state]}>{state}</Badge>;
}
