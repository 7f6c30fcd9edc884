import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginOutcome } from '../../src/accounts/user-service.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let fantdu: TestApp;
let now = new Date('2026-06-01T08:00:00Z');

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { clock: () => now });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
});
afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('accounts', () => {
  it('stores a password only as an scrypt hash, and a token only as a hash', async () => {
    const { password } = await fantdu.services.users.addUser('Ola@Kommune.no', 'kommune', 'admin');
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const token = await fantdu.services.tokens.createToken('kommune', 'Rapport', 'editor');
    const stored = JSON.stringify([await t.db('users').select(), await t.db('api_tokens').select()]);
    expect(stored).not.toContain(password);
    expect(stored).not.toContain(token);
    expect(stored).toContain('scrypt$');
  });

  it('a second `user add` gives another site and no new password', async () => {
    expect((await fantdu.services.users.addUser('ola@kommune.no', 'annen', 'editor')).password).toBeUndefined();
    expect(await loginAs('ola@kommune.no')).toEqual({ kind: 'wrong' }); // no new password was made
  });

  it('logs in by e-mail in any case; a session ends after 12 hours', async () => {
    const { password } = await fantdu.services.users.addUser('kari@kommune.no', 'kommune', 'editor');
    const session = sessionOf(await fantdu.services.users.login('KARI@kommune.no', password as string, 'client-a'));
    const credential = await fantdu.services.users.sessionCredential(session);
    expect(credential).toMatchObject({ actor: 'kari@kommune.no', sites: new Map([['kommune', 'editor']]) });
    now = new Date(now.getTime() + 12 * 3600_000 + 1000);
    expect(await fantdu.services.users.sessionCredential(session)).toBeUndefined();
  });

  it('ten wrong passwords in a row lock the account (429), whatever the client', async () => {
    const { password } = await fantdu.services.users.addUser('per@kommune.no', 'kommune', 'editor');
    for (let i = 0; i < 10; i++)
      expect(await fantdu.services.users.login('per@kommune.no', 'feil', `client-${i}`)).toEqual({ kind: 'wrong' });
    const locked = await fantdu.services.users.login('per@kommune.no', password as string, 'client-x');
    expect(locked).toEqual({ kind: 'locked', retryAfter: 900 });
  });

  it('a success clears the count of failures', async () => {
    const { password } = await fantdu.services.users.addUser('liv@kommune.no', 'kommune', 'editor');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) await fantdu.services.users.login('liv@kommune.no', 'feil', 'client-liv');
      expect((await fantdu.services.users.login('liv@kommune.no', password as string, 'client-liv')).kind).toBe('in');
    }
  });

  it('audits logins and failed logins, without passwords', async () => {
    const entries = await t.db('audit_log').whereIn('action', ['login', 'login.failed']).select();
    expect(entries.some((e: { action: string }) => e.action === 'login.failed')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('feil');
  });

  it('changes a password, ending the other sessions', async () => {
    const { password } = await fantdu.services.users.addUser('eva@kommune.no', 'kommune', 'editor');
    const first = sessionOf(await fantdu.services.users.login('eva@kommune.no', password as string, 'c1'));
    const second = sessionOf(await fantdu.services.users.login('eva@kommune.no', password as string, 'c2'));
    const credential = (await fantdu.services.users.sessionCredential(first))!;
    expect(await fantdu.services.users.changePassword(credential, 'feil', 'et nytt langt passord')).toEqual({
      kind: 'wrong-current',
    });
    expect(await fantdu.services.users.changePassword(credential, password as string, 'kort')).toEqual({
      kind: 'too-short',
      min: 12,
    });
    expect(await fantdu.services.users.changePassword(credential, password as string, 'et nytt langt passord')).toEqual(
      { kind: 'changed' },
    );
    expect(await fantdu.services.users.sessionCredential(first)).toBeDefined();
    expect(await fantdu.services.users.sessionCredential(second)).toBeUndefined();
    expect((await fantdu.services.users.login('eva@kommune.no', 'et nytt langt passord', 'c3')).kind).toBe('in');
  });
});

function sessionOf(outcome: LoginOutcome): string {
  if (outcome.kind !== 'in') throw new Error(`not logged in: ${outcome.kind}`);
  return outcome.sessionId;
}

function loginAs(email: string) {
  return fantdu.services.users.login(email, 'not the password', 'client-check');
}
