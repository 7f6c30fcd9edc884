import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../src/http/problem.ts';
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
    const { password } = await fantdu.services.accounts.addUser('Ola@Kommune.no', 'kommune', 'admin');
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const token = await fantdu.services.accounts.createToken('kommune', 'Rapport', 'editor');
    const stored = JSON.stringify([await t.db('users').select(), await t.db('api_tokens').select()]);
    expect(stored).not.toContain(password);
    expect(stored).not.toContain(token);
    expect(stored).toContain('scrypt$');
  });

  it('a second `user add` gives another site and no new password', async () => {
    expect((await fantdu.services.accounts.addUser('ola@kommune.no', 'annen', 'editor')).password).toBeUndefined();
    const session = await loginAs('ola@kommune.no');
    expect(session).toBeUndefined(); // the password is not known here: shows that no new one was made
  });

  it('logs in by e-mail in any case; a session ends after 12 hours', async () => {
    const { password } = await fantdu.services.accounts.addUser('kari@kommune.no', 'kommune', 'editor');
    const session = await fantdu.services.accounts.login('KARI@kommune.no', password as string, 'client-a');
    expect(session).toEqual(expect.any(String));
    const credential = await fantdu.services.accounts.sessionCredential(session as string);
    expect(credential).toMatchObject({ actor: 'kari@kommune.no', sites: new Map([['kommune', 'editor']]) });
    now = new Date(now.getTime() + 12 * 3600_000 + 1000);
    expect(await fantdu.services.accounts.sessionCredential(session as string)).toBeUndefined();
  });

  it('ten wrong passwords in a row lock the account (429), whatever the client', async () => {
    const { password } = await fantdu.services.accounts.addUser('per@kommune.no', 'kommune', 'editor');
    for (let i = 0; i < 10; i++) expect(await fantdu.services.accounts.login('per@kommune.no', 'feil', `client-${i}`)).toBeUndefined();
    const locked = await fantdu.services.accounts.login('per@kommune.no', password as string, 'client-x').catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(Problem);
    expect(locked).toMatchObject({ status: 429, extra: { retryAfter: expect.any(Number) } });
  });

  it('a success clears the count of failures', async () => {
    const { password } = await fantdu.services.accounts.addUser('liv@kommune.no', 'kommune', 'editor');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) await fantdu.services.accounts.login('liv@kommune.no', 'feil', 'client-liv');
      expect(await fantdu.services.accounts.login('liv@kommune.no', password as string, 'client-liv')).toEqual(expect.any(String));
    }
  });

  it('audits logins and failed logins, without passwords', async () => {
    const entries = await t.db('audit_log').whereIn('action', ['login', 'login.failed']).select();
    expect(entries.some((e: { action: string }) => e.action === 'login.failed')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('feil');
  });

  it('changes a password, ending the other sessions', async () => {
    const { password } = await fantdu.services.accounts.addUser('eva@kommune.no', 'kommune', 'editor');
    const first = (await fantdu.services.accounts.login('eva@kommune.no', password as string, 'c1')) as string;
    const second = (await fantdu.services.accounts.login('eva@kommune.no', password as string, 'c2')) as string;
    const credential = (await fantdu.services.accounts.sessionCredential(first))!;
    await expect(fantdu.services.accounts.changePassword(credential, 'feil', 'et nytt langt passord')).rejects.toMatchObject({ status: 400 });
    await expect(fantdu.services.accounts.changePassword(credential, password as string, 'kort')).rejects.toMatchObject({ status: 400 });
    await fantdu.services.accounts.changePassword(credential, password as string, 'et nytt langt passord');
    expect(await fantdu.services.accounts.sessionCredential(first)).toBeDefined();
    expect(await fantdu.services.accounts.sessionCredential(second)).toBeUndefined();
    expect(await fantdu.services.accounts.login('eva@kommune.no', 'et nytt langt passord', 'c3')).toEqual(expect.any(String));
  });
});

function loginAs(email: string) {
  return fantdu.services.accounts.login(email, 'not the password', 'client-check');
}
