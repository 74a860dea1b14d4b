// Token shapes: what proxy.ts accepts as a share link and what reaches the database at all.
import { describe, expect, it } from 'vitest';
import { looksLikeToken, newToken } from '@/lib/auth/token-format';

describe('looksLikeToken', () => {
  it('accepts fresh tokens of each kind, and tells the kinds apart when asked', () => {
    const api = newToken('api').token;
    const share = newToken('share').token;
    expect(looksLikeToken(api) && looksLikeToken(share)).toBe(true);
    expect(looksLikeToken(share, 'share')).toBe(true);
    expect(looksLikeToken(api, 'share')).toBe(false); // an API token never becomes a share cookie
    expect(looksLikeToken(share, 'api')).toBe(false);
  });

  it('refuses anything of another shape', () => {
    for (const junk of ['', 'aws_', 'aws_short', `aws_${'a'.repeat(44)}`, `xyz_${'a'.repeat(43)}`, `aws_${'a'.repeat(42)}!`]) {
      expect(looksLikeToken(junk), junk).toBe(false);
    }
  });
});
