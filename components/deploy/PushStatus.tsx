// The colours of a push's and a target's status, one place for the Deploy page, its history and a push's page.
import { Badge, type BadgeTone } from '@/components/ui/Badge';
import type { PushStatus, TargetPushState } from '@/lib/deploy/push-model';

const PUSH_TONE: Record<PushStatus, BadgeTone> = { running: 'info', ok: 'on', partial: 'warning', failed: 'critical', refused: 'critical', abandoned: 'neutral' };
const TARGET_TONE: Record<TargetPushState, BadgeTone> = {
  pending: 'neutral',
  running: 'info',
  ok: 'on',
  partial: 'warning',
  'rolled-back': 'warning',
  failed: 'critical',
  refused: 'critical',
  skipped: 'neutral',
};

export function PushStatusBadge({ status }: { status: PushStatus }) {
  return <Badge tone={PUSH_TONE[status] ?? 'neutral'}>{status}</Badge>;
}

export function TargetStatusBadge({ status }: { status: TargetPushState }) {
  return <Badge tone={TARGET_TONE[status] ?? 'neutral'}>{status}</Badge>;
}

export const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
