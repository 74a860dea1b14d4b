// The pages list's order and revision (its ETag), and If-None-Match matching.
import { describe, expect, it } from 'vitest';
import { ifNoneMatchHits, pageList } from '../../lib/rum/page-list';

describe('pageList', () => {
  const a = { path: '/services/[id]', name: 'Service' };
  const b = { path: '/', name: 'Home' };
  const c = { path: '/Zebra', name: 'Upper case sorts first' };

  it('sorts by path in code-unit order, whatever order the rows came in', () => {
    const one = pageList([a, b, c]);
    expect(one.pages.map((p) => p.path)).toEqual(['/', '/Zebra', '/services/[id]']);
    expect(pageList([c, a, b])).toEqual(one);
  });

  it('changes its revision with any path or name, and only then', () => {
    const base = pageList([a, b]).revision;
    expect(pageList([b, a]).revision).toBe(base);
    expect(pageList([a, b, c]).revision).not.toBe(base);
    expect(pageList([a, { ...b, name: 'Start' }]).revision).not.toBe(base);
    expect(pageList([a, { ...b, path: '/home' }]).revision).not.toBe(base);
    // no ambiguity between a name and the next path
    expect(pageList([{ path: '/a', name: 'x/b' }]).revision).not.toBe(pageList([{ path: '/a', name: 'x' }, { path: '/b', name: '' }]).revision);
    expect(pageList([]).revision).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps only path and name of each row', () => {
    expect(pageList([{ ...a, id: 7, alertKeys: ['x'] } as typeof a]).pages).toEqual([a]);
  });
});

describe('ifNoneMatchHits', () => {
  const etag = '"abc"';
  it('matches the tag itself, a weak form of it, a list holding it, or *', () => {
    for (const header of ['"abc"', 'W/"abc"', '"x", "abc"', ' "x" ,W/"abc" ', '*']) expect(ifNoneMatchHits(header, etag), header).toBe(true);
  });
  it('does not match anything else', () => {
    for (const header of [null, '', '"abcd"', 'abc', '"x", "y"']) expect(ifNoneMatchHits(header, etag), String(header)).toBe(false);
  });
});
