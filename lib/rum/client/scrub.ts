// What the client keeps of URLs, paths and error texts: never a query string, a fragment or URL credentials
// (they carry tokens and personal data), and never more than the beacon's limits allow. Pure.
import { MAX_PATH, MAX_URL } from './limits';

/** location.pathname, cut to the beacon's limit; `/` when there is none (about:blank, data: pages). */
export function pagePath(pathname: string): string {
  return pathname[0] === '/' ? pathname.slice(0, MAX_PATH) : '/';
}

/**
 * A request URL as reported: absolute, origin + path only. Other schemes are reported by scheme alone: a data: or
 * blob: URL is content, not an address. Throws on a URL that does not parse (fetch would reject it too).
 */
export function cleanUrl(url: string, base: string): string {
  const u = new URL(url, base);
  return /^https?:$/.test(u.protocol) ? (u.origin + u.pathname).slice(0, MAX_URL) : u.protocol;
}

// A URL's query or fragment up to (not including) a stack frame's `:line:col`, a closing parenthesis or whitespace.
const URL_QUERY = /(\w+:\/\/[^\s?#()]*)[?#][^\s()]*?(?=(?::\d+){0,2}(?:\)|\s|$))/g;

/** Error messages and stacks name URLs too (inline scripts' frames carry the page's own URL): drop their queries. */
export function scrubText(text: string, max: number): string {
  return text.replace(URL_QUERY, '$1').slice(0, max);
}
