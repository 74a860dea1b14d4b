// Which requests the edge helper treats as page loads, and the device class it reports.
import { describe, expect, it } from 'vitest';
import { deviceClass, isPageLoad, isReservedPath, randomViewId, requestPath, type RequestLike } from '../../lib/rum/edge/page-request';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function request(path: string, headers: Record<string, string> = { accept: HTML }, method = 'GET'): RequestLike {
  return new Request(`https://app.example${path}`, { method, headers });
}

const pageLoad = (path: string, headers?: Record<string, string>, method?: string) => {
  const r = request(path, headers, method);
  return isPageLoad(r, requestPath(r)!);
};

describe('isPageLoad', () => {
  it('accepts a browser navigation to a page', () => {
    expect(pageLoad('/services/12')).toBe(true);
    expect(pageLoad('/')).toBe(true);
    expect(pageLoad('/users/jane.doe')).toBe(true);
  });

  it('skips other methods, HEAD included', () => {
    expect(pageLoad('/services', { accept: HTML }, 'HEAD')).toBe(false);
    expect(pageLoad('/services', { accept: HTML }, 'POST')).toBe(false);
  });

  it('skips framework internals, APIs and static files', () => {
    for (const path of ['/_next/static/chunks/a.js', '/_next/image', '/api', '/api/v1/beacons', '/api/v1/registry/pages', '/.well-known/security.txt', '/favicon.ico', '/robots.txt', '/logo.svg', '/report.pdf', '/fonts/a.woff2']) {
      expect(pageLoad(path), path).toBe(false);
    }
    // only the exact prefixes: an app may have an /apis page
    expect(pageLoad('/apis')).toBe(true);
    expect(isReservedPath('/_nextgen')).toBe(false);
  });

  it('needs Accept: text/html (fetches, images and curl are not page loads)', () => {
    expect(pageLoad('/services', { accept: 'application/json' })).toBe(false);
    expect(pageLoad('/services', { accept: '*/*' })).toBe(false);
    expect(pageLoad('/services', {})).toBe(false);
  });

  it('skips prefetches and React Server Component fetches (client navigations)', () => {
    expect(pageLoad('/services', { accept: HTML, 'next-router-prefetch': '1' })).toBe(false);
    expect(pageLoad('/services', { accept: HTML, purpose: 'prefetch' })).toBe(false);
    expect(pageLoad('/services', { accept: HTML, 'sec-purpose': 'prefetch;prerender' })).toBe(false);
    expect(pageLoad('/services', { accept: HTML, 'x-moz': 'prefetch' })).toBe(false);
    expect(pageLoad('/services', { accept: `text/x-component, ${HTML}`, rsc: '1' })).toBe(false);
  });

  it('skips paths longer than the beacon accepts', () => {
    expect(pageLoad(`/${'a'.repeat(1023)}`)).toBe(true);
    expect(pageLoad(`/${'a'.repeat(1024)}`)).toBe(false);
  });
});

describe('deviceClass', () => {
  const device = (headers: Record<string, string>) => deviceClass(new Headers(headers));

  it('is a desktop unless the client says otherwise', () => {
    expect(device({})).toBe('desktop');
    expect(device({ 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36' })).toBe('desktop');
    expect(device({ 'sec-ch-ua-mobile': '?0' })).toBe('desktop');
  });

  it('takes Sec-CH-UA-Mobile first, then the User-Agent', () => {
    expect(device({ 'sec-ch-ua-mobile': '?1' })).toBe('mobile');
    expect(device({ 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' })).toBe('mobile');
    expect(device({ 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/130.0 Mobile Safari/537.36' })).toBe('mobile');
    expect(device({ 'user-agent': 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)' })).toBe('tablet');
    expect(device({ 'user-agent': 'Mozilla/5.0 (Linux; Android 14; SM-X710) Chrome/130.0 Safari/537.36' })).toBe('tablet');
  });
});

describe('requestPath and randomViewId', () => {
  it('keeps the path percent-encoded and drops the query', () => {
    expect(requestPath(request('/search/caf%C3%A9?q=token#x'))).toBe('/search/caf%C3%A9');
    expect(requestPath({ method: 'GET', url: '/relative/ok', headers: new Headers() })).toBe('/relative/ok');
  });

  it('makes distinct ids the beacon accepts', () => {
    const ids = new Set(Array.from({ length: 100 }, randomViewId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
