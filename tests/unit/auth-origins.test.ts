import { describe, expect, it } from 'vitest';
import { configuredTrustedOrigins, ownOrigin, trustedOriginsFor } from '@/lib/auth/origins';

describe('trusted origins', () => {
  it('reads AUTH_TRUSTED_ORIGINS as a comma-separated list, ignoring blanks', () => {
    expect(configuredTrustedOrigins({ AUTH_TRUSTED_ORIGINS: ' https://a.example, ,https://b.example ' })).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    expect(configuredTrustedOrigins({})).toEqual([]);
  });

  it('takes the own origin from Host, or from X-Forwarded-Host/-Proto behind a proxy', () => {
    expect(ownOrigin('http://0.0.0.0:3000/api/auth/x', new Headers({ host: 'mon.example:3000' }))).toBe(
      'http://mon.example:3000',
    );
    expect(
      ownOrigin(
        'http://10.0.0.2:3000/x',
        new Headers({ host: '10.0.0.2:3000', 'x-forwarded-host': 'mon.example', 'x-forwarded-proto': 'https, http' }),
      ),
    ).toBe('https://mon.example');
    expect(ownOrigin('http://127.0.0.1:3100/x', new Headers())).toBe('http://127.0.0.1:3100');
    expect(ownOrigin('not a url', new Headers())).toBeNull();
  });

  it('trusts the request’s own origin first, then the configured ones', () => {
    const req = new Request('http://127.0.0.1:3100/api/auth/sign-in/email', { headers: { host: '127.0.0.1:3100' } });
    expect(trustedOriginsFor(req, { AUTH_TRUSTED_ORIGINS: 'https://ops.example' })).toEqual([
      'http://127.0.0.1:3100',
      'https://ops.example',
    ]);
    expect(trustedOriginsFor(undefined, {})).toEqual([]);
  });
});
