import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
const apps: TestApp[] = [];

beforeAll(async () => {
  t = await createTestDb();
  const setup = createTestApp(t.db);
  apps.push(setup);
  await setup.services.sites.add({
    id: 'sandnes',
    name: 'sandnes.kommune.no',
    origins: ['https://www.sandnes.kommune.no'],
    controller: 'Sandnes kommune',
    contact: 'postmottak@sandnes.kommune.no',
    dpo: 'personvernombud@sandnes.kommune.no',
  });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await t.drop();
});

function appWith(env: Record<string, string>) {
  const app = createTestApp(t.db, { env: { FANTDU_PUBLIC_URL: 'https://tilbakemelding.sandnes.kommune.no', ...env } });
  apps.push(app);
  return app;
}

describe('GET /privacy', () => {
  it('states the running configuration in bokmål, nynorsk and English', async () => {
    const app = appWith({ FANTDU_IP_MODE: 'drop', FANTDU_RETENTION_DAYS: '180' });
    const nb = await request(app.callback).get('/privacy?site=sandnes&lang=nb');
    expect(nb.status).toBe(200);
    expect(nb.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const text of [
      '<html lang="nb">',
      'Sandnes kommune',
      'postmottak@sandnes.kommune.no',
      'personvernombud@sandnes.kommune.no',
      'Kommentarer slettes etter 180 dager',
      'Ingen del av IP-adressen din',
      'Ingen informasjonskapsler',
      'Innsyn',
      'Retting og sletting',
      'Datatilsynet',
      'tilbakemelding.sandnes.kommune.no',
    ]) {
      expect(nb.text).toContain(text);
    }
    const nn = await request(app.callback).get('/privacy?site=sandnes&lang=nn');
    for (const text of [
      '<html lang="nn">',
      'Kommentarar blir sletta etter 180 dagar',
      'Ingen del av IP-adressa di',
      'Rettane dine',
      'Datatilsynet',
    ])
      expect(nn.text).toContain(text);
    const en = await request(app.callback).get('/privacy?site=sandnes&lang=en');
    for (const text of [
      '<html lang="en">',
      'Comments are erased after 180 days',
      'No part of your IP address',
      'No cookies',
      'Your rights',
      'Datatilsynet',
    ])
      expect(en.text).toContain(text);
  });

  it('changes when the configuration does', async () => {
    const app = appWith({ FANTDU_IP_MODE: 'truncate', FANTDU_RETENTION_DAYS: '30' });
    const nb = await request(app.callback).get('/privacy?site=sandnes');
    expect(nb.text).toContain('Kommentarer slettes etter 30 dager');
    expect(nb.text).toContain('En forkortet IP-adresse');
    expect(nb.text).not.toContain('Ingen del av IP-adressen din');
    const zero = appWith({ FANTDU_RETENTION_DAYS: '0' });
    expect((await request(zero.callback).get('/privacy?site=sandnes&lang=en')).text).toContain(
      'erased at the next daily erasure',
    );
  });

  it('is JSON when asked for', async () => {
    const app = appWith({ FANTDU_IP_MODE: 'truncate', FANTDU_RETENTION_DAYS: '90' });
    const res = await request(app.callback).get('/privacy?site=sandnes&lang=en').set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      lang: 'en',
      site: { id: 'sandnes' },
      controller: {
        name: 'Sandnes kommune',
        contact: 'postmottak@sandnes.kommune.no',
        dpo: 'personvernombud@sandnes.kommune.no',
      },
      retention: { commentDays: 90 },
      configuration: { ipMode: 'truncate', retentionDays: 90, cookies: false, browserStorage: false },
      complaint: { authority: 'Datatilsynet' },
    });
    expect(res.body.rights).toHaveLength(2);
  });

  it('names the site when no controller is set, and 404 for an unknown site', async () => {
    const app = appWith({});
    await app.services.sites.add({ id: 'ny', name: 'Ny kommune', origins: ['https://ny.no'] });
    expect((await request(app.callback).get('/privacy?site=ny')).text).toContain('Ny kommune er behandlingsansvarlig');
    expect((await request(app.callback).get('/privacy?site=ukjent')).status).toBe(404);
  });

  it('is linked from the no-JavaScript form and the thank-you page', async () => {
    const app = appWith({});
    const embed = await request(app.callback).get('/embed?site=sandnes&lang=nn');
    expect(embed.text).toContain('href="https://tilbakemelding.sandnes.kommune.no/privacy?site=sandnes&amp;lang=nn"');
  });
});
