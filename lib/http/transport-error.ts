// A request that got no HTTP answer (network or TLS), in operator words: shared by the Kubernetes clients of
// discovery and deploy. Pure.
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'host unreachable',
};

/** `server` names what was asked (its URL), for the message. */
export function describeTransportError(error: unknown, server: string): string {
  const e = error as { code?: string; message?: string } | undefined;
  const words = NETWORK_ERRORS[e?.code ?? ''];
  if (words) return `${words} (${server})`;
  if (e?.code && /CERT|TLS|SSL/.test(e.code)) return `TLS error talking to ${server}: ${e.message ?? e.code}`;
  return e?.message ?? String(error);
}
