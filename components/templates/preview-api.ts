// The browser side of POST /api/v1/templates/preview (lib/templates/preview-http.ts), and the debounce the
// preview waits for while someone types.
import { useEffect, useState } from 'react';
import type { PreviewProblem } from '@/lib/generate/template-preview';
import type { Draft } from '@/lib/registry/entry-draft';

export const PREVIEW_URL = '/api/v1/templates/preview';

export interface PreviewTargetRef {
  kind: 'service' | 'page';
  /** service name or page path */
  name: string;
}

export type PreviewAnswer = { ok: true; yaml: string; notes: string[]; file: string } | { ok: false; problems: PreviewProblem[] };

export async function fetchTemplatePreview(draft: Draft, target: PreviewTargetRef, signal?: AbortSignal): Promise<PreviewAnswer> {
  const res = await fetch(PREVIEW_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ draft, target }),
    signal,
  });
  const body = (await res.json().catch(() => null)) as (PreviewAnswer & { error?: string }) | null;
  if (!res.ok || body === null) {
    throw new Error(body?.error ?? `the preview failed (HTTP ${res.status})`);
  }
  return body;
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
