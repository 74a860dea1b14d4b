// Small display helpers shared by the audit list, the entity history and the entry page.
import type { BadgeTone } from '@/components/ui/Badge';
import { SECTION_NOUNS } from '@/lib/audit/query-params';
import type { AuditOp, AuditSection } from '@/lib/audit/record';

/** UTC, to the second: the log is read by people in different time zones, so one zone for everyone. */
export const formatAt = (at: Date) => `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export const OP_TONE: Record<AuditOp, BadgeTone> = { added: 'on', changed: 'warning', removed: 'critical' };

export const ACTOR_TONE: Record<string, BadgeTone> = { user: 'neutral', token: 'info', share: 'accent', system: 'warning' };

/** "service ollama", "API endpoint GET /api/v1/analyze" */
export const entityLabel = (section: AuditSection, key: string) => `${SECTION_NOUNS[section] ?? section} ${key}`;

export const fmt = (n: number) => n.toLocaleString('en-US');
