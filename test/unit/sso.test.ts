import { describe, expect, it } from 'vitest';
import { emailDomain } from '../../src/sso/grant.ts';
import { openPending, sealPending } from '../../src/sso/pending-sign-in.ts';
import { claimValues } from '../../src/sso/sso-service.ts';

describe('the roles claim', () => {
  it.each([
    ['a list of group ids', { groups: ['a1b2', 'c3d4', 'a1b2'] }, 'groups', ['a1b2', 'c3d4']],
    ['one string', { roles: 'fantdu.admin' }, 'roles', ['fantdu.admin']],
    ['a path (Keycloak realm roles)', { realm_access: { roles: ['redaktor'] } }, 'realm_access.roles', ['redaktor']],
    ['a name with dots, before a path', { 'x.roles': ['a'], x: { roles: ['b'] } }, 'x.roles', ['a']],
    [
      'strings only, of sensible length',
      { groups: ['ok', 7, null, { id: 'x' }, '', 'x'.repeat(501)] },
      'groups',
      ['ok'],
    ],
    ['none', { email: 'kari@kommune.no' }, 'groups', []],
    ['not the prototype', {}, 'constructor.name', []],
  ])('%s', (_, claims, name, values) => {
    expect(claimValues(claims, name)).toEqual(values);
  });

  it('reads at most 1000 values', () => {
    const groups = Array.from({ length: 5000 }, (_, i) => `g${i}`);
    expect(claimValues({ groups }, 'groups')).toHaveLength(1000);
  });
});

describe('e-mail domains', () => {
  it.each([
    ['Sandnes.Kommune.NO', 'sandnes.kommune.no'],
    ['@bø.kommune.no', 'xn--b-5ga.kommune.no'],
    ['xn--b-5ga.kommune.no', 'xn--b-5ga.kommune.no'],
    ['kommune', undefined],
    ['kari@kommune.no', undefined],
    ['kommune.no/x', undefined],
    ['kommune.no:443', undefined],
    ['evil.no?.kommune.no', undefined],
    ['-kommune.no', undefined],
    ['', undefined],
  ])('%s -> %s', (domain, expected) => {
    expect(emailDomain(domain)).toBe(expected);
  });
});

describe('a pending sign-in in its cookie', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';
  const pending = { state: 's', nonce: 'n', verifier: 'v', next: '/admin/sites/kommune' };
  const now = new Date('2026-11-27T10:00:00Z');
  const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  it('comes back as it went, for ten minutes', () => {
    const sealed = sealPending(pending, secret, now);
    expect(openPending(sealed, secret, later(9.9))).toEqual(pending);
    expect(openPending(sealed, secret, later(10))).toBeUndefined();
  });

  it('is refused when changed, signed with another secret, or not one at all', () => {
    const sealed = sealPending(pending, secret, now);
    const [body, signature] = sealed.split('.') as [string, string];
    const changed = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), next: '/x' }),
    ).toString('base64url');
    for (const value of [
      `${changed}.${signature}`,
      `${body}.${signature.slice(1)}`,
      `${body}.${signature}.x`,
      sealPending(pending, 'another-secret-of-thirty-two-characters', now),
      '',
      'x'.repeat(3000),
      undefined,
    ])
      expect(openPending(value, secret, now)).toBeUndefined();
  });
});
