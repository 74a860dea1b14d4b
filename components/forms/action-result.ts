// The result shapes of the registry server actions, as the browser sees them. Client-safe on purpose: only
// types from the server side, and the refusal test from the pure lib/auth/denied.ts.
import { isDenied, type Denied } from '@/lib/auth/denied';
import type { EditResult } from '@/lib/registry/edit-store';

export type Denial = Denied;
export type Invalid = { ok: false; kind: 'invalid'; fieldErrors: Record<string, string>; formError?: string };
export type ActionResult = EditResult | Invalid | Denial;
export type ConflictResult = Extract<ActionResult, { kind: 'conflict' }>;

export function isDenial(r: ActionResult): r is Denial {
  return isDenied(r);
}

/** One line for refusals the form shows at its top (not-found, in-use, denied, anything unexpected). */
export function formErrorOf(r: ActionResult): string | null {
  if (r.ok) return null;
  if ('formError' in r && typeof r.formError === 'string') return r.formError;
  if ('message' in r && typeof r.message === 'string') return r.message;
  return null;
}

/** What a thrown action call (network down, server crash) tells the user. */
export const UNREACHABLE = 'The server could not be reached or failed. Nothing was saved; check your connection and try again.';
