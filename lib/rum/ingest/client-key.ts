// Which client a beacon came from, as the rate limiter's key. Pure.
//
// A route handler never sees the TCP socket, but Next writes the socket's peer address into X-Forwarded-For
// when the request arrives without one (base-server: `x-forwarded-for ??= socket.remoteAddress`; node-intake.ts too),
// and a reverse proxy appends the address it saw. So the trustworthy entry is counted from the RIGHT:
//   no proxy (RUM_TRUST_PROXY=0) or one proxy (=1): the last entry;  N proxies (=N): the Nth from the right.
// Entries further left were sent by the client and can be forged. Without a proxy, a client that sends its own
// X-Forwarded-For can forge even the last entry (Next keeps a header that is present): such a client can spread
// its beacons over made-up keys. What bounds it then is the body limit and the bounded buffer, not this limiter.
// X-Real-IP is used only when there is no X-Forwarded-For at all (never under Next or server.mjs).
import { isIPv4, isIPv6 } from 'node:net';

export const UNKNOWN_CLIENT = 'unknown';

/** `[::1]:80`, `1.2.3.4:5678`, `::ffff:1.2.3.4` -> the bare address; IPv6 -> its /64 (one subscriber's prefix). */
export function normaliseAddress(raw: string): string {
  let s = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  const mapped = /^::ffff:([\d.]+)$/.exec(s);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(s)) return s;
  if (isIPv6(s)) return `${ipv6Prefix64(s)}::/64`;
  // Not an address (e.g. nginx's "unknown"): still a key, but a short one.
  return s.slice(0, 64) || UNKNOWN_CLIENT;
}

/** The first four groups of an IPv6 address, with `::` expanded. */
function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':');
}

export function clientKey(headers: Pick<Headers, 'get'>, trustProxyHops: number): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (forwarded.length > 0) {
    const fromRight = Math.max(1, trustProxyHops);
    // Fewer entries than proxies: the request skipped some of them; the leftmost is all there is.
    return normaliseAddress(forwarded[Math.max(0, forwarded.length - fromRight)]!);
  }
  const realIp = headers.get('x-real-ip')?.trim();
  return realIp ? normaliseAddress(realIp) : UNKNOWN_CLIENT;
}
