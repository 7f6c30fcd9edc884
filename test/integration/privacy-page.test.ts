import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invalid } from '../../src/errors.ts';
import { html } from '../../src/html.ts';
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
    expect(res.body.rights).toHaveLength(4);
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

describe('what a data protection officer checks first', () => {
  const settings = {
    legalBasis: 'public-task',
    processors: ['Sem og Stenersen Prokom AS', 'Microsoft Norge AS'],
    hosting: 'Norge',
  };
  const expected = {
    nb: [
      'Rettslig grunnlag',
      'personvernforordningen artikkel 6 nr. 1 bokstav e (GDPR art. 6(1)(e))',
      'Sandnes kommune bruker databehandlere',
      '<li>Sem og Stenersen Prokom AS</li>',
      '<li>Microsoft Norge AS</li>',
      'Lagringssted for opplysningene: Norge.',
      'Begrensning: du kan be oss begrense bruken',
      'Protest: du kan protestere',
      'Tjenestens egne logger inneholder ingen personopplysninger',
      'Sist endret: <time datetime="',
    ],
    nn: [
      'Rettsleg grunnlag',
      'personvernforordninga artikkel 6 nr. 1 bokstav e (GDPR art. 6(1)(e))',
      'Sandnes kommune brukar databehandlarar',
      '<li>Sem og Stenersen Prokom AS</li>',
      '<li>Microsoft Norge AS</li>',
      'Lagringsstad for opplysningane: Norge.',
      'Avgrensing: du kan be oss avgrense bruken',
      'Protest: du kan protestere',
      'Tenesta sine eigne loggar inneheld ingen personopplysningar',
      'Sist endra: <time datetime="',
    ],
    en: [
      'Legal basis',
      'Article 6(1)(e) of the General Data Protection Regulation (GDPR)',
      'Sandnes kommune uses data processors',
      '<li>Sem og Stenersen Prokom AS</li>',
      '<li>Microsoft Norge AS</li>',
      'Where the data is kept: Norge.',
      'Restriction: you may ask us to restrict',
      'Objection: you may object',
      'The service&#39;s own logs hold no personal data',
      'Last changed: <time datetime="',
    ],
  };

  it('states the legal basis, processors, hosting, rights, logs and date in HTML and JSON, in all three', async () => {
    const app = appWith({});
    await app.services.sites.save({ id: 'sandnes', ...settings }, true);
    for (const lang of ['nb', 'nn', 'en'] as const) {
      const page = await request(app.callback).get(`/privacy?site=sandnes&lang=${lang}`);
      expect(page.status).toBe(200);
      for (const text of expected[lang]) expect(page.text, lang).toContain(text);
      const json = await request(app.callback).get(`/privacy?site=sandnes&lang=${lang}`).accept('json');
      expect(json.body).toMatchObject({
        lang,
        legalBasis: { basis: 'public-task', article: '6(1)(e)' },
        processors: { names: settings.processors },
        hosting: { place: 'Norge' },
      });
      expect(json.body.legalBasis.text).toContain('6(1)(e)');
      expect(json.body.rights).toHaveLength(4);
      expect(page.text).toContain(html`<p>${json.body.logs}</p>`.value);
      expect(page.text).toContain(`<time datetime="${json.body.lastChanged.at}">${json.body.lastChanged.text}</time>`);
    }
  });

  it('escapes what the settings say', async () => {
    const app = appWith({});
    await app.services.sites.add({
      id: 'escaped',
      name: 'Escaped',
      origins: ['https://escaped.no'],
      processors: ['Sem & Stenersen <script>alert(1)</script>'],
      hosting: '"Norge" <b>',
    });
    const page = await request(app.callback).get('/privacy?site=escaped');
    expect(page.text).toContain('<li>Sem &amp; Stenersen &lt;script&gt;alert(1)&lt;/script&gt;</li>');
    expect(page.text).toContain('Lagringssted for opplysningene: &quot;Norge&quot; &lt;b&gt;.');
    expect(page.text).not.toContain('<script>');
  });

  it('refuses settings it cannot state, with a clear error, and changes nothing', async () => {
    const app = appWith({});
    await app.services.sites.add({ id: 'streng', name: 'Streng', origins: ['https://streng.no'] });
    const before = await app.services.sites.current('streng');
    const refusals: [Parameters<typeof app.services.sites.save>[0], string, RegExp][] = [
      [{ id: 'streng', legalBasis: 'samtykke' }, 'legalBasis', /public-task, consent or legitimate-interest/],
      [{ id: 'streng', legalBasis: '' }, 'legalBasis', /--legal-basis must be/],
      [{ id: 'streng', processors: ['Firma\nAS'] }, 'processor', /plain text on one line/],
      [{ id: 'streng', processors: ['Firma \u202eSA'] }, 'processor', /plain text on one line/],
      [{ id: 'streng', processors: ['x'.repeat(201)] }, 'processor', /at most 200 characters/],
      [{ id: 'streng', processors: Array.from({ length: 21 }, (_, i) => `Firma ${i}`) }, 'processor', /at most 20/],
      [{ id: 'streng', hosting: 'Norge\r\n<b>' }, 'hosting', /plain text on one line/],
      [{ id: 'streng', hosting: 'æ'.repeat(201) }, 'hosting', /at most 200 characters/],
      [{ id: 'streng', controller: 'Streng\tkommune' }, 'controller', /plain text on one line/],
      [{ id: 'streng', hosting: 'Norge', legalBasis: 'gdpr' }, 'legalBasis', /--legal-basis/],
    ];
    for (const [input, field, message] of refusals) {
      const refused = await app.services.sites.save(input, true).catch((err: unknown) => err);
      expect(refused, JSON.stringify(input)).toBeInstanceOf(Invalid);
      expect((refused as Invalid).errors).toEqual([{ field, message: expect.any(String) }]);
      expect((refused as Invalid).message).toMatch(message);
    }
    expect(await app.services.sites.current('streng')).toEqual(before);
    expect((await app.stores.audit.list('streng', { limit: 10 })).map((e) => e.action)).toEqual(['site.create']);
  });

  it('takes other spellings as one: case, spaces, repeats; an empty value removes what was set', async () => {
    const app = appWith({});
    const site = await app.services.sites.add({
      id: 'spelling',
      name: 'Spelling',
      origins: ['https://spelling.no'],
      legalBasis: '  Legitimate-Interest ',
      processors: ['  Sem og  Stenersen AS ', 'sem og stenersen as', '', 'Microsoft'],
      hosting: ' EU/EØS ',
    });
    expect(site).toMatchObject({
      legalBasis: 'legitimate-interest',
      processors: ['Sem og Stenersen AS', 'Microsoft'],
      hosting: 'EU/EØS',
    });
    const cleared = await app.services.sites.save({ id: 'spelling', processors: [''], hosting: '' }, true);
    expect(cleared).toMatchObject({ legalBasis: 'legitimate-interest', processors: [], hosting: null });
    const nb = await request(app.callback).get('/privacy?site=spelling');
    expect(nb.text).toContain('Spelling driver tjenesten selv, uten databehandler.');
    expect(nb.text).toContain('Lagringssted for opplysningene: ikke oppgitt.');
    expect(nb.text).toContain('GDPR art. 6(1)(f)');
  });

  it('records in the audit what changed, from what to what', async () => {
    const app = appWith({});
    await app.services.sites.add({ id: 'revidert', name: 'Revidert', origins: ['https://revidert.no'] });
    await app.services.sites.save(
      { id: 'revidert', legalBasis: 'consent', processors: ['Prokom AS'], hosting: 'Norge', name: 'Revidert' },
      true,
    );
    await app.services.sites.save({ id: 'revidert', hosting: 'Norge' }, true);
    const entries = await app.stores.audit.list('revidert', { limit: 10 });
    expect(entries.map((e) => e.action)).toEqual(['site.update', 'site.create']);
    expect(entries[0]).toMatchObject({
      actor: 'cli',
      details: {
        legalBasis: { from: 'public-task', to: 'consent' },
        processors: { from: [], to: ['Prokom AS'] },
        hosting: { from: null, to: 'Norge' },
      },
    });
    expect(entries[0]?.details).not.toHaveProperty('name');
    expect(entries[1]?.details).toEqual({ name: 'Revidert', origins: ['https://revidert.no'] });
  });
});

describe('when the statement last changed', () => {
  const at = (iso: string) => new Date(iso);
  let now = at('2026-11-20T09:00:00Z');
  const clock = () => now;
  const dated = (app: TestApp, lang = 'nb') =>
    request(app.callback)
      .get(`/privacy?site=dato&lang=${lang}`)
      .accept('json')
      .then((res) => res.body.lastChanged.at as string);
  const instance = (env: Record<string, string> = {}) => {
    const app = createTestApp(t.db, { clock, env: { FANTDU_PUBLIC_URL: 'https://fantdu.dato.no', ...env } });
    apps.push(app);
    return app;
  };

  it('is kept: the same between requests, moved by a change to what it states and by nothing else', async () => {
    const app = instance();
    await app.services.sites.add({ id: 'dato', name: 'Dato kommune', origins: ['https://dato.no'] });
    now = at('2026-11-21T09:00:00Z');
    expect(await dated(app)).toBe('2026-11-20T09:00:00.000Z');
    now = at('2026-11-22T09:00:00Z');
    for (const lang of ['nb', 'nn', 'en']) expect(await dated(app, lang)).toBe('2026-11-20T09:00:00.000Z');
    const page = await request(app.callback).get('/privacy?site=dato');
    expect(page.text).toContain('Sist endret: <time datetime="2026-11-20T09:00:00.000Z">20. november 2026 kl. 10.00');

    // Origins and a setting saved as it was are not in the statement.
    now = at('2026-11-23T09:00:00Z');
    await app.services.sites.save({ id: 'dato', origins: ['https://www.dato.no'], legalBasis: 'public-task' }, true);
    expect(await dated(app)).toBe('2026-11-20T09:00:00.000Z');

    for (const [i, change] of [
      { legalBasis: 'consent' },
      { processors: ['Prokom AS'] },
      { processors: ['Prokom AS', 'Microsoft'] },
      { hosting: 'Norge' },
      { controller: 'Dato kommune' },
      { dpo: 'personvernombud@dato.no' },
    ].entries()) {
      now = at(`2026-11-24T1${i}:00:00Z`);
      await app.services.sites.save({ id: 'dato', ...change }, true);
      now = at('2026-11-25T09:00:00Z');
      expect(await dated(app), JSON.stringify(change)).toBe(`2026-11-24T1${i}:00:00.000Z`);
      expect(await dated(app, 'en')).toBe(`2026-11-24T1${i}:00:00.000Z`);
    }
  });

  it('moves when the configuration it states changes, and when it changes back', async () => {
    const before = await dated(instance());
    now = at('2026-11-26T09:00:00Z');
    const shorter = instance({ FANTDU_RETENTION_DAYS: '30' });
    expect(await dated(shorter)).toBe('2026-11-26T09:00:00.000Z');
    now = at('2026-11-26T10:00:00Z');
    expect(await dated(shorter)).toBe('2026-11-26T09:00:00.000Z');
    // A configuration that states nothing new (the log level) moves nothing.
    expect(await dated(instance({ FANTDU_RETENTION_DAYS: '30', LOG_LEVEL: 'warn' }))).toBe('2026-11-26T09:00:00.000Z');
    expect(before).not.toBe('2026-11-26T09:00:00.000Z');
    // A server dates it from its start, before anyone asks.
    now = at('2026-11-27T08:00:00Z');
    const restarted = instance({ FANTDU_IP_MODE: 'drop' });
    await restarted.services.statements.recordAll();
    now = at('2026-11-27T09:00:00Z');
    expect(await dated(restarted)).toBe('2026-11-27T08:00:00.000Z');
  });

  it('is the same from instances that make the same new statement at once', async () => {
    const times = ['2026-11-28T09:00:00.000Z', '2026-11-28T09:00:00.500Z'];
    const [a, b] = times.map((time) =>
      createTestApp(t.db, {
        clock: () => new Date(time),
        env: { FANTDU_PUBLIC_URL: 'https://fantdu.dato.no', FANTDU_RETENTION_DAYS: '60' },
      }),
    ) as [TestApp, TestApp];
    apps.push(a, b);
    const answers = await Promise.all([dated(a), dated(b), dated(a), dated(b)]);
    expect(new Set(answers).size).toBe(1);
    expect(times).toContain(answers[0]);
  });

  it('is answered as last made while the database does not answer, and a 503 for what it never made', async () => {
    const app = instance();
    const before = await request(app.callback).get('/privacy?site=dato&lang=nn').accept('json');
    const down = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    app.stores.sites.get = down;
    app.stores.sites.recordStatement = down;
    const during = await request(app.callback).get('/privacy?site=dato&lang=nn').accept('json');
    expect(during.status).toBe(200);
    expect(during.body).toEqual(before.body);
    expect((await request(app.callback).get('/privacy?site=dato&lang=en')).text).toContain('Last changed');
    const never = await request(app.callback).get('/privacy?site=sandnes');
    expect(never.status).toBe(503);
    expect(never.headers['retry-after']).toBeDefined();
  });
});
