// Browser-side calls to the registry API (contract: app/api/v1/registry), each answer mapped to one outcome
// the page can show. Nothing here throws: a network failure is an outcome too.
import type { RegistryDiff } from '@/lib/registry/diff-types';
import type { RegistryProblem } from '@/lib/registry/errors';

export const REGISTRY_URL = '/api/v1/registry';
export const DOWNLOAD_URL = `${REGISTRY_URL}?download=1`;

export type PutOutcome =
  | { kind: 'ok'; diff: RegistryDiff; revision: string }
  | { kind: 'problems'; problems: RegistryProblem[] }
  | { kind: 'too-large'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; message: string };

async function errorText(res: Response): Promise<string | undefined> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: the status line is all we have
  }
  return undefined;
}

function isProblem(p: unknown): p is RegistryProblem {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return typeof o.message === 'string' && typeof o.line === 'number' && typeof o.column === 'number';
}

function isOkBody(b: unknown): b is { diff: RegistryDiff; revision: string } {
  if (!b || typeof b !== 'object') return false;
  const o = b as Record<string, unknown>;
  return typeof o.revision === 'string' && !!o.diff && typeof o.diff === 'object' && 'sections' in o.diff;
}

/** Preview (`dryRun`) or apply a registry text. `revision` makes the apply conditional (If-Match). */
export async function putRegistry(text: string, opts: { dryRun: boolean; revision?: string }): Promise<PutOutcome> {
  let res: Response;
  try {
    res = await fetch(opts.dryRun ? `${REGISTRY_URL}?dryRun=1` : REGISTRY_URL, {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/yaml; charset=utf-8',
        Accept: 'application/json',
        ...(opts.revision !== undefined && { 'If-Match': `"${opts.revision}"` }),
      },
      body: text,
    });
  } catch {
    return { kind: 'error', message: 'Could not reach the server. Check your connection and try again.' };
  }

  if (res.status === 422) {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      // fall through to the generic message
    }
    const list = Array.isArray(body) ? body.filter(isProblem) : [];
    return list.length > 0
      ? { kind: 'problems', problems: list.map((p) => ({ ...p, path: typeof p.path === 'string' ? p.path : '' })) }
      : { kind: 'error', message: 'The server rejected the file but did not say why (422).' };
  }
  if (res.status === 413) {
    const detail = await errorText(res);
    return { kind: 'too-large', message: `The file is too large for the server.${detail ? ` ${detail}` : ''}` };
  }
  if (res.status === 412) {
    return {
      kind: 'conflict',
      message: 'Someone changed the registry since your preview. Preview again to see the current changes, then apply.',
    };
  }
  if (!res.ok) {
    const detail = await errorText(res);
    return { kind: 'error', message: `The server answered ${res.status}${detail ? `: ${detail}` : ` ${res.statusText}`}.` };
  }
  try {
    const body: unknown = await res.json();
    if (isOkBody(body)) return { kind: 'ok', diff: body.diff, revision: body.revision };
  } catch {
    // reported below
  }
  return { kind: 'error', message: 'The server sent an answer this page does not understand.' };
}

/** The current registry as YAML text, or an error message. */
export async function fetchRegistryYaml(): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const res = await fetch(REGISTRY_URL, { headers: { Accept: 'application/yaml, text/yaml' }, cache: 'no-store' });
    if (!res.ok) return { ok: false, message: `The server answered ${res.status} when exporting the registry.` };
    return { ok: true, text: await res.text() };
  } catch {
    return { ok: false, message: 'Could not reach the server.' };
  }
}
