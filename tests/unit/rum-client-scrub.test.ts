// What the browser client keeps of URLs, paths and error texts (lib/rum/client/scrub.ts).
import { describe, expect, it } from 'vitest';
import { cleanUrl, pagePath, scrubText } from '../../lib/rum/client/scrub';

const PAGE = 'https://app.example/orders/7?user=42#top';

describe('cleanUrl', () => {
  it('drops the query string and the fragment', () => {
    expect(cleanUrl('https://api.example/users/42?token=abc&x=1#frag', PAGE)).toBe('https://api.example/users/42');
    expect(cleanUrl('https://api.example/search#q=me', PAGE)).toBe('https://api.example/search');
  });

  it('drops credentials in the URL', () => {
    expect(cleanUrl('https://alice:hunter2@api.example/x', PAGE)).toBe('https://api.example/x');
  });

  it('resolves relative URLs against the page, without the page\'s own query', () => {
    expect(cleanUrl('/api/items?page=2', PAGE)).toBe('https://app.example/api/items');
    expect(cleanUrl('details?id=1', PAGE)).toBe('https://app.example/orders/details');
    expect(cleanUrl('?only=query', PAGE)).toBe('https://app.example/orders/7');
  });

  it('reports other schemes by scheme alone: a data: URL is content', () => {
    expect(cleanUrl('data:text/plain,my secret', PAGE)).toBe('data:');
    expect(cleanUrl('blob:https://app.example/0b1c', PAGE)).toBe('blob:');
  });

  it('cuts long URLs to the beacon limit', () => {
    expect(cleanUrl(`https://a.example/${'x'.repeat(5000)}`, PAGE)).toHaveLength(2048);
  });

  it('throws on a URL that does not parse (the caller then reports nothing)', () => {
    expect(() => cleanUrl('http://[::1', PAGE)).toThrow();
  });
});

describe('pagePath', () => {
  it('keeps a path, cut to the limit', () => {
    expect(pagePath('/services/12')).toBe('/services/12');
    expect(pagePath(`/${'p'.repeat(2000)}`)).toHaveLength(1024);
  });
  it('makes pages without a path /', () => {
    expect(pagePath('')).toBe('/');
    expect(pagePath('blank')).toBe('/');
  });
});

describe('scrubText', () => {
  it('drops queries and fragments from URLs in Chrome stack frames, keeping line and column', () => {
    const stack = [
      'Error: boom',
      '    at HTMLButtonElement.onclick (https://app.example/orders/7?user=42:15:71)',
      '    at https://app.example/_next/static/chunks/app.js?dpl=abc#x:1:200',
      '    at load (https://cdn.example/lib.js:3:9)',
    ].join('\n');
    expect(scrubText(stack, 4096)).toBe(
      [
        'Error: boom',
        '    at HTMLButtonElement.onclick (https://app.example/orders/7:15:71)',
        '    at https://app.example/_next/static/chunks/app.js:1:200',
        '    at load (https://cdn.example/lib.js:3:9)',
      ].join('\n'),
    );
  });

  it('does the same for Firefox and Safari frames', () => {
    expect(scrubText('handler@https://app.example/page?token=t:4:2\n@https://app.example/a.js?v=3:1:1', 4096)).toBe(
      'handler@https://app.example/page:4:2\n@https://app.example/a.js:1:1',
    );
  });

  it('drops queries from URLs in messages, and leaves question marks in prose alone', () => {
    expect(scrubText('Failed to load https://api.example/items?token=secret now', 1024)).toBe('Failed to load https://api.example/items now');
    expect(scrubText('Is this defined? No.', 1024)).toBe('Is this defined? No.');
  });

  it('cuts to the given limit', () => {
    expect(scrubText('x'.repeat(5000), 1024)).toHaveLength(1024);
  });
});
