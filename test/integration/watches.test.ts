import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, signIn, textOf } from '../helpers/admin-client.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const publicUrl = 'https://feedback.kommune.no';
let t: TestDb;
let fantdu: TestApp;
let kari: string;
let ola: string;
let token: string;

const app = () => request(fantdu.callback);
const as = (cookie: string, method: 'get' | 'put' | 'delete', url: string) =>
  app()[method](url).set('Cookie', cookie).set('Origin', publicUrl);

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { env: { FANTDU_PUBLIC_URL: publicUrl } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  const first = await fantdu.services.users.addUser('kari@kommune.no', 'kommune', 'editor');
  const second = await fantdu.services.users.addUser('ola@kommune.no', 'kommune', 'editor');
  kari = (await signIn(fantdu, publicUrl, 'kari@kommune.no', first.password)).cookie;
  ola = (await signIn(fantdu, publicUrl, 'ola@kommune.no', second.password)).cookie;
  token = await fantdu.services.tokens.createToken('kommune', 'Skript', 'editor');
});
afterAll(async () => {
  await fantdu?.close();
  await t?.drop();
});

describe('watches', () => {
  it('a person watches pages and prefixes, each once, and stops watching them', async () => {
    expect((await as(kari, 'get', '/api/v1/sites/kommune/watches')).body).toEqual({ items: [] });
    await as(kari, 'put', '/api/v1/sites/kommune/watches').send({ path: '/skole//index.html' }).expect(200);
    await as(kari, 'put', '/api/v1/sites/kommune/watches').send({ path: '/skole/' }).expect(200);
    const res = await as(kari, 'put', '/api/v1/sites/kommune/watches').send({ pathPrefix: '/skole/' }).expect(200);
    expect(res.body.items).toEqual([{ path: '/skole/' }, { pathPrefix: '/skole/' }]);
    // Another person's watches are their own.
    expect((await as(ola, 'get', '/api/v1/sites/kommune/watches')).body).toEqual({ items: [] });
    await as(kari, 'delete', '/api/v1/sites/kommune/watches').send({ path: '/skole/' }).expect(204);
    await as(kari, 'delete', '/api/v1/sites/kommune/watches?pathPrefix=/skole/').expect(204);
    expect((await as(kari, 'get', '/api/v1/sites/kommune/watches')).body).toEqual({ items: [] });
  });

  it('refuses bad watches, other sites, API tokens and sessions from other origins', async () => {
    for (const body of [{}, { path: 'skole' }, { path: '/a', pathPrefix: '/b' }, { path: 42 }, { other: '/a' }]) {
      const res = await as(kari, 'put', '/api/v1/sites/kommune/watches').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.type).toBe('application/problem+json');
    }
    expect((await as(kari, 'put', '/api/v1/sites/annen/watches').send({ path: '/a' })).status).toBe(404);
    const byToken = await app()
      .put('/api/v1/sites/kommune/watches')
      .set('Authorization', `Bearer ${token}`)
      .send({ path: '/a' });
    expect(byToken.status).toBe(403);
    const foreign = await app()
      .put('/api/v1/sites/kommune/watches')
      .set('Cookie', kari)
      .set('Origin', 'https://evil.example')
      .send({ path: '/a' });
    expect(foreign.status).toBe(403);
    expect((await app().get('/api/v1/sites/kommune/watches')).status).toBe(401);
    expect(await t.db('watches')).toEqual([]);
  });
});

describe('notification choices', () => {
  it('start as a weekly digest with alerts, and are each person’s own', async () => {
    expect((await as(kari, 'get', '/api/v1/me/notifications')).body).toEqual({ digest: 'weekly', alerts: true });
    const res = await as(kari, 'put', '/api/v1/me/notifications').send({ digest: 'daily' }).expect(200);
    expect(res.body).toEqual({ digest: 'daily', alerts: true });
    await as(kari, 'put', '/api/v1/me/notifications').send({ alerts: false }).expect(200);
    expect((await as(kari, 'get', '/api/v1/me/notifications')).body).toEqual({ digest: 'daily', alerts: false });
    expect((await as(ola, 'get', '/api/v1/me/notifications')).body).toEqual({ digest: 'weekly', alerts: true });
  });

  it('refuses what is not a choice', async () => {
    for (const body of [{}, { digest: 'hourly' }, { alerts: 'yes' }, { digest: 'daily', admin: true }]) {
      const res = await as(ola, 'put', '/api/v1/me/notifications').send(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await app().get('/api/v1/me/notifications').set('Authorization', `Bearer ${token}`)).status).toBe(403);
    expect((await app().get('/api/v1/me/notifications')).status).toBe(401);
    expect((await as(ola, 'get', '/api/v1/me/notifications')).body).toEqual({ digest: 'weekly', alerts: true });
  });
});

describe('in /admin', () => {
  it('an editor follows a page, sees it under "Varsler og e-post", and chooses a daily digest', async () => {
    const { get, post } = await signIn(
      fantdu,
      publicUrl,
      'ny@kommune.no',
      (await fantdu.services.users.addUser('ny@kommune.no', 'kommune', 'editor')).password,
    );
    const page = await get('/admin/sites/kommune/page?path=/skole/');
    expect(textOf(page.text)).toContain('Følg siden');
    const back = '/admin/sites/kommune/page?path=%2Fskole%2F';
    const res = await post('/admin/sites/kommune/watches', {
      _csrf: csrfOf(page.text),
      kind: 'path',
      path: '/skole/',
      action: 'add',
      back,
    });
    expect(res.status).toBe(303);
    const after = textOf((await get(res.headers.location as string)).text);
    expect(after).toContain('Du følger nå dette.');
    expect(after).toContain('Slutt å følge siden');

    const prefix = await get('/admin/sites/kommune?pathPrefix=/skole/');
    expect(textOf(prefix.text)).toContain('Følg sidene under /skole/');

    const settings = await get('/admin/notifications');
    expect(settings.status).toBe(200);
    expect(textOf(settings.text)).toContain('Kommune: siden /skole/');
    expect(settings.text).toMatch(/value="weekly" checked/);
    // The mails' language is the one of fantdu itself, switched at the top of every page: the page says which.
    expect(textOf(settings.text)).toContain('E-postene kommer på samme språk som fantdu: bokmål.');
    // No FANTDU_SMTP_URL here: the page says the choices wait for a mail server.
    expect(textOf(settings.text)).toContain('Denne tjenesten har ingen e-postserver ennå.');
    const saved = await post('/admin/notifications', { _csrf: csrfOf(settings.text), digest: 'daily' });
    expect(saved.status).toBe(303);
    const shown = await get(saved.headers.location as string);
    expect(textOf(shown.text)).toContain('Valgene er lagret.');
    expect(shown.text).toMatch(/value="daily" checked/);
    // The box for alerts was left empty: alerts off.
    expect(shown.text).not.toMatch(/name="alerts" value="ja" checked/);
    for (const bad of [{ digest: 'hourly' }, { digest: '' }] as Record<string, string>[]) {
      const refused = await post('/admin/notifications', { _csrf: csrfOf(settings.text), ...bad });
      expect(refused.status).toBe(400);
    }
    expect(await t.db('users').where({ email: 'ny@kommune.no' }).first('lang', 'digest')).toEqual({
      lang: 'nb',
      digest: 'daily',
    });
    expect(
      await post('/admin/sites/annen/watches', {
        _csrf: csrfOf(settings.text),
        kind: 'path',
        path: '/a',
        action: 'add',
      }),
    ).toHaveProperty('status', 404);
  });
});
