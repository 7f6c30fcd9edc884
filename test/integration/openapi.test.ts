import SwaggerParser from '@apidevtools/swagger-parser';
import type Router from '@koa/router';
// swagger-parser's own JSON Schema validator (a dependency of it): the document's schemas, as a client would use them.
import { Ajv2020 } from 'ajv/dist/2020.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/app.ts';
import { createDb } from '../../src/db.ts';
import { type ApiRoute, openApiPath } from '../../src/http/openapi.ts';
import { problemDocument } from '../../src/http/problem.ts';
import { signIn } from '../helpers/admin-client.ts';
import { seedFeedback } from '../helpers/feedback-fixture.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

const publicUrl = 'https://feedback.kommune.no';
const origin = 'https://www.kommune.no';

type Json = Record<string, unknown>;
interface Described {
  content?: Record<string, { schema: Json; example?: unknown }>;
  headers?: Json;
}
interface Operation {
  operationId: string;
  security: Json[];
  responses: Record<string, Described>;
  requestBody?: Described;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

let t: TestDb;
let fantdu: TestApp;
let document: Document;
let editor: string;
let admin: string;
let kari: string;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
/** Each operation by its id: where it is in the document, and its description in the code. */
const operations = new Map<string, { pointer: string; operation: Operation; route: ApiRoute }>();
/** `operationId status` of every real answer checked against the description. */
const checked = new Set<string>();

const app = () => request(fantdu.callback);
const site = (path: string) => `/api/v1/sites/kommune${path}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const session = () => ({ Cookie: kari, Origin: publicUrl });
const pointerSegment = (s: string) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));
const isJson = (type: string) => /[/+]json$/.test(type);

/**
 * A real answer held to the description of its operation: its status is described, its media type too, its body
 * validates against the document's schema (JSON Schema, as a client sees it) and against the zod schema it was made
 * from, and the headers described are there.
 */
function holds(operationId: string, res: request.Response): void {
  const found = operations.get(operationId);
  if (!found) throw new Error(`No operation ${operationId}`);
  const status = String(res.status);
  const described = found.operation.responses[status];
  expect(
    described,
    `${operationId} answered ${status}, which is not described: ${res.text?.slice(0, 300)}`,
  ).toBeDefined();
  for (const name of Object.keys(described?.headers ?? {}))
    expect(res.headers[name.toLowerCase()], `${operationId} ${status}: header ${name}`).toBeDefined();
  if (!described?.content) {
    expect(res.text ?? '', `${operationId} ${status} has no body`).toBe('');
  } else {
    expect(Object.keys(described.content), `${operationId} ${status}`).toContain(res.type);
    // A workbook's bytes are held as the string schema a client sees (contentMediaType names what they are).
    const body = isJson(res.type) ? res.body : Buffer.isBuffer(res.body) ? res.body.toString('latin1') : res.text;
    const where = `${found.pointer}/responses/${status}/content/${pointerSegment(res.type)}/schema`;
    const validate = ajv.getSchema(`openapi.json#${where}`);
    if (!validate) throw new Error(`No schema at ${where}`);
    expect(validate(body), `${operationId} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    const schema = found.route.answers[res.status]?.content?.[res.type]?.schema ?? problemDocument;
    const parsed = schema.safeParse(body);
    expect(parsed.success, `${operationId} ${status}: ${parsed.error?.message}`).toBe(true);
  }
  checked.add(`${operationId} ${status}`);
}

/** Every schema in a part of the document, however deep. */
function* schemasIn(node: unknown): Generator<Json> {
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'schema' || key === 'contentSchema') && value && typeof value === 'object') yield value as Json;
    else yield* schemasIn(value);
  }
}

/** Every media type of the document that has an example, with its JSON pointer. */
function* examplesIn(node: unknown, at: string): Generator<{ at: string; schema: Json; example: unknown }> {
  if (node === null || typeof node !== 'object') return;
  const { schema, example } = node as { schema?: Json; example?: unknown };
  if (schema && example !== undefined) yield { at, schema, example };
  for (const [key, value] of Object.entries(node)) yield* examplesIn(value, `${at}/${pointerSegment(key)}`);
}

const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { env: { FANTDU_PUBLIC_URL: publicUrl } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
  await fantdu.services.sites.add({ id: 'annen', name: 'Annen', origins: ['https://www.annen.no'] });
  editor = await fantdu.services.tokens.createToken('kommune', 'Rapporter', 'editor');
  admin = await fantdu.services.tokens.createToken('kommune', 'Drift', 'admin');
  const { password } = await fantdu.services.users.addUser('kari@kommune.no', 'kommune', 'editor');
  kari = (await signIn(fantdu, publicUrl, 'kari@kommune.no', password)).cookie;
  // A page that alerts today (all "no" this week, all "yes" the four weeks before), and one with comments.
  await seedFeedback(fantdu.stores, [
    ...Array.from({ length: 40 }, (_, i) => ({
      site: 'kommune',
      path: '/renovasjon/',
      found: true,
      at: ago(8 + (i % 26)),
    })),
    ...Array.from({ length: 12 }, (_, i) => ({
      site: 'kommune',
      path: '/renovasjon/',
      found: false,
      at: ago(1 + (i % 5)),
      comment: 'Tømmekalenderen viser feil dato',
    })),
    {
      site: 'kommune',
      path: '/skole/',
      found: false,
      at: ago(2),
      comment: 'Ring meg på 912 34 567, finner ikke skjema',
    },
    { site: 'kommune', path: '/skole/', found: true, at: ago(45), comment: 'Fant skjemaet for skoleskyss' },
  ]);

  const res = await app().get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  document = res.body as Document;
  ajv.addSchema(document, 'openapi.json');
  const routes = new Map(apiRoutes.map((route) => [route.operationId, route]));
  for (const [path, methods] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(methods)) {
      const route = routes.get(operation.operationId);
      if (!route) throw new Error(`${operation.operationId} is in the document, not in apiRoutes`);
      operations.set(operation.operationId, { pointer: `/paths/${pointerSegment(path)}/${method}`, operation, route });
    }
});

afterAll(async () => {
  await fantdu?.close();
  await t?.drop();
});

describe('the document', () => {
  it('is OpenAPI 3.1 that swagger-parser validates, its references resolved', async () => {
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect((api as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('holds schemas that are JSON Schema 2020-12, and examples that their schemas (and the handlers) take', () => {
    const schemas = [...Object.values(document.components.schemas), ...schemasIn(document.paths)];
    expect(schemas.length).toBeGreaterThan(100);
    for (const schema of schemas) expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);

    const examples = [...examplesIn(document.paths, '/paths')];
    expect(examples.length).toBeGreaterThan(50);
    for (const { at, schema, example } of examples) {
      // text/plain holding JSON: the example is that text, its schema the contentSchema.
      const text = schema.contentMediaType === 'application/json';
      const validate = ajv.getSchema(`openapi.json#${at}/schema${text ? '/contentSchema' : ''}`);
      const value = text ? JSON.parse(example as string) : example;
      expect(validate?.(value), `${at}: ${JSON.stringify(validate?.errors)}`).toBe(true);
    }
    for (const route of apiRoutes) {
      const contents = [
        ...Object.values(route.body ?? {}),
        ...Object.values(route.answers).flatMap((a) => Object.values(a.content ?? {})),
      ];
      for (const { schema, example } of contents.filter((c) => c.example !== undefined)) {
        const parsed = schema.safeParse(example);
        expect(parsed.success, `${route.operationId}: ${parsed.error?.message}`).toBe(true);
      }
    }
  });

  it('describes every /api/v1 route the routers serve, and nothing they do not', () => {
    const layers = fantdu.app.middleware.flatMap((mw) => (mw as { router?: Router }).router?.stack ?? []);
    // A route by regular expression could be anywhere: it counts, and has no description.
    const served = layers
      .filter((layer) => (typeof layer.path !== 'string' || layer.path.startsWith('/api/v1/')) && layer.methods.length)
      .flatMap((layer) =>
        layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${openApiPath(String(layer.path))}`),
      );
    const described = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(served.length).toBeGreaterThan(25);
    expect([...new Set(described)].sort()).toEqual([...new Set(served)].sort());
  });

  it('names the security of each operation: none for citizens, a token or the session for editors', () => {
    const security = (id: string) => operations.get(id)?.operation.security;
    expect(security('postFeedback')).toEqual([]);
    expect(security('listFeedback')).toEqual([{ apiToken: [] }, { session: [] }]);
    expect(security('watch')).toEqual([{ session: [] }]);
    const schemes = (document.components as unknown as { securitySchemes: Record<string, Json> }).securitySchemes;
    expect(schemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'fantdu_session' });
  });

  it('is served to anyone, cacheable, the same each time', async () => {
    const res = await app().get('/api/v1/openapi.json');
    holds('getOpenApi', res);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.body).toEqual(document);
    expect(res.body.servers).toEqual([{ url: publicUrl }]);
  });
});

describe('real answers match the description', () => {
  it('of the citizens’ routes', async () => {
    const url = `${origin}/skole/?fnr=1`;
    const id = '0c6f1e2a-7b3d-4e5f-9a1b-2c3d4e5f6a7b';
    const vote = () => app().post('/api/v1/feedback').set('Origin', origin);
    holds('postFeedback', await vote().send({ id, site: 'kommune', url, found: false }));
    holds('postFeedback', await vote().send({ id, site: 'kommune', url, found: false, comment: 'Fant ikke skjema' }));
    holds('postFeedback', await vote().send({ id, site: 'kommune', url, found: true }));
    holds('postFeedback', await vote().type('form').send({ site: 'kommune', url, found: 'ja', lang: 'nn' }));
    holds('postFeedback', await vote().send({ site: 'kommune', url: 'skole', found: 'kanskje' }));
    holds('postFeedback', await vote().send({ site: 'nei', url, found: true }));
    holds(
      'postFeedback',
      await vote().set('Origin', 'https://evil.example').send({ site: 'kommune', url, found: true }),
    );
    holds('postFeedback', await vote().type('text/plain').send('{"site":"kommune"}'));
    const preflight = app().options('/api/v1/feedback').set('Origin', origin);
    holds('preflightFeedback', await preflight.set('Access-Control-Request-Method', 'POST'));

    const view = { site: 'kommune', url: `${origin}/skole/` };
    holds('postView', await app().post('/api/v1/views').set('Origin', origin).send(view));
    holds('postView', await app().post('/api/v1/views').type('text/plain').send(JSON.stringify(view)));
    holds(
      'postView',
      await app()
        .post('/api/v1/views')
        .send({ ...view, url: `${origin}/${'x'.repeat(5000)}` }),
    );
    const viewPreflight = app().options('/api/v1/views').set('Origin', origin);
    holds('preflightView', await viewPreflight.set('Access-Control-Request-Method', 'POST'));

    // Over the limit: refused before the app, with the same problem document.
    const limited = createTestApp(t.db, { env: { FANTDU_RATE_LIMIT: '1/600' } });
    try {
      const post = () => request(limited.callback).post('/api/v1/feedback').set('Origin', origin);
      holds('postFeedback', await post().send({ site: 'kommune', url, found: true }));
      const refused = await post().send({ site: 'kommune', url, found: true });
      expect(refused.status).toBe(429);
      holds('postFeedback', refused);
    } finally {
      await limited.close();
    }
    for (const status of [200, 201, 400, 403, 404, 409, 415, 429]) expect(checked).toContain(`postFeedback ${status}`);
    for (const status of [204, 413]) expect(checked).toContain(`postView ${status}`);
  });

  it('of the reports', async () => {
    const get = (path: string, token = editor) => app().get(site(path)).set(bearer(token));
    holds('listPages', await get('/pages?sort=share&limit=1'));
    const pages = await get('/pages');
    holds('listPages', pages);
    expect(pages.body.items.length).toBeGreaterThan(1);
    holds('listPages', await get('/pages?from=2026-13-01'));
    holds('listPages', await app().get(site('/pages')));
    holds('listPages', await app().get('/api/v1/sites/annen/pages').set(bearer(editor)));

    await app().post(site('/changes')).set(bearer(editor)).send({ path: '/skole/', note: 'Nytt skjema' });
    const summary = await get('/pages/summary?path=/skole/&interval=week');
    holds('getPageSummary', summary);
    expect(summary.body.changes).toHaveLength(1);

    const list = await get('/feedback?limit=2&hasComment=ja');
    holds('listFeedback', list);
    expect(list.body.next).not.toBeNull();
    const skole = await get('/feedback?path=/skole/&limit=500');
    holds('listFeedback', skole);
    const item = skole.body.items.find((i: { redactions: string[] }) => i.redactions.length > 0);
    expect(item.redactions).toEqual(['telefon']);
    holds('listFeedback', await get(`/feedback?cursor=${list.body.next}`));
    holds('getFeedback', await get(`/feedback/${item.id}`));
    holds('getFeedback', await get('/feedback/0c6f1e2a-7b3d-4e5f-9a1b-000000000000'));

    const terms = await get(`/terms?from=${dayOf(ago(30))}&compare=previous`);
    holds('listTerms', terms);
    expect(terms.body.items.length).toBeGreaterThan(0);
    holds('listTerms', await get('/terms?compare=previous'));

    const csv = await get('/feedback.csv?sep=;');
    holds('exportFeedbackCsv', csv);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFFid;createdAt;path;found;comment;redactions;status;lang;themes');
    const xlsx = await get('/feedback.xlsx?found=false')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    holds('exportFeedbackXlsx', xlsx);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK'); // a zip, as every workbook is

    holds(
      'setFeedbackStatus',
      await app()
        .patch(site(`/feedback/${item.id}`))
        .set(bearer(editor))
        .send({ status: 'read' }),
    );
    holds(
      'setFeedbackStatus',
      await app()
        .patch(site(`/feedback/${item.id}`))
        .set(bearer(editor))
        .send({ status: 'x' }),
    );
    holds(
      'setFeedbackStatus',
      await app()
        .patch(site(`/feedback/${item.id}`))
        .set(session())
        .send({ status: 'done' }),
    );
    const foreign = app()
      .patch(site(`/feedback/${item.id}`))
      .set({ ...session(), Origin: 'https://evil.example' });
    holds('setFeedbackStatus', await foreign.send({ status: 'spam' }));
    const huge = { status: 'read', padding: 'x'.repeat(17_000) };
    holds(
      'setFeedbackStatus',
      await app()
        .patch(site(`/feedback/${item.id}`))
        .set(bearer(editor))
        .send(huge),
    );

    const other = skole.body.items.find((i: { id: string }) => i.id !== item.id);
    holds(
      'deleteFeedback',
      await app()
        .delete(site(`/feedback/${other.id}`))
        .set(bearer(editor)),
    );
    holds(
      'deleteFeedback',
      await app()
        .delete(site(`/feedback/${other.id}`))
        .set(bearer(editor)),
    );

    const audit = await get('/audit?limit=2', admin);
    holds('listAudit', audit);
    expect(audit.body.items.length).toBe(2);
    holds('listAudit', await get('/audit', editor));
  });

  it('of themes, changes and alerts', async () => {
    const as = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string, token = admin) =>
      app()[method](site(path)).set(bearer(token));
    const themes = await as('get', '/themes?found=nei');
    holds('listThemes', themes);
    expect(themes.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(['feil', 'sporsmal']));
    const made = await as('post', '/themes').send({ name: 'Avfall', words: ['tømmekalender', 'søppel*'] });
    holds('createTheme', made);
    holds('createTheme', await as('post', '/themes', editor).send({ name: 'Avfall' }));
    holds('updateTheme', await as('patch', `/themes/${made.body.id}`).send({ name: 'Renovasjon' }));
    holds('updateTheme', await as('patch', '/themes/finnes-ikke').send({ name: 'Renovasjon' }));
    holds('deleteTheme', await as('delete', '/themes/feil'));
    holds('deleteTheme', await as('delete', `/themes/${made.body.id}`));

    const commented = (await as('get', '/feedback?hasComment=ja&path=/renovasjon/&limit=1')).body.items[0];
    holds('setFeedbackThemes', await as('put', `/feedback/${commented.id}/themes`).send({ themes: ['feil'] }));
    holds('setFeedbackThemes', await as('put', `/feedback/${commented.id}/themes`).send({ themes: ['nei'] }));

    const change = await as('post', '/changes', editor).send({ path: '/renovasjon//index.html', note: 'Ny kalender' });
    holds('createChange', change);
    holds('createChange', await as('post', '/changes', editor).send({ path: 'renovasjon', at: 'i går' }));
    const changes = await as('get', '/changes', editor);
    holds('listChanges', changes);
    expect(changes.body.items.length).toBe(2);
    holds('deleteChange', await as('delete', `/changes/${change.body.id}`, editor));
    holds('deleteChange', await as('delete', `/changes/${change.body.id}`, editor));

    const alerts = await as('get', '/alerts', editor);
    holds('listAlerts', alerts);
    expect(alerts.body.items.map((a: { path: string }) => a.path)).toEqual(['/renovasjon/']);
    holds('listAlerts', await as('get', `/alerts?from=${dayOf(ago(40))}`, editor));
  });

  it('of watches and notifications', async () => {
    const watches = site('/watches');
    holds('watch', await app().put(watches).set(session()).send({ path: '/skole/' }));
    holds('watch', await app().put(watches).set(session()).send({ pathPrefix: '/renovasjon/' }));
    holds('watch', await app().put(watches).set(bearer(editor)).send({ path: '/skole/' }));
    holds('watch', await app().put(watches).set(session()).send({ path: '/a', pathPrefix: '/b' }));
    const listed = await app().get(watches).set(session());
    holds('listWatches', listed);
    expect(listed.body.items).toEqual([{ pathPrefix: '/renovasjon/' }, { path: '/skole/' }]);
    holds('listWatches', await app().get('/api/v1/sites/annen/watches').set(session()));
    holds('unwatch', await app().delete(watches).set(session()).send({ path: '/skole/' }));
    holds('unwatch', await app().delete(`${watches}?pathPrefix=/renovasjon/`).set(session()));

    holds('getNotifications', await app().get('/api/v1/me/notifications').set(session()));
    holds('getNotifications', await app().get('/api/v1/me/notifications'));
    holds('setNotifications', await app().put('/api/v1/me/notifications').set(session()).send({ digest: 'daily' }));
    holds('setNotifications', await app().put('/api/v1/me/notifications').set(session()).send({ digest: 'hourly' }));
  });

  it('of a service whose database is away: 503 with Retry-After', async () => {
    const db = createDb({ url: 'postgres://fantdu@127.0.0.1:9/none' });
    const away = createTestApp(db);
    try {
      const post = request(away.callback).post('/api/v1/feedback');
      holds('postFeedback', await post.send({ site: 'kommune', url: `${origin}/`, found: true }));
      holds('listPages', await request(away.callback).get(site('/pages')).set(bearer(editor)));
      expect(checked).toContain('listPages 503');
    } finally {
      await away.close();
      await db.destroy();
    }
  });

  it('for every operation: each was answered, and its failures as problem+json', () => {
    const succeeded = (id: string) => [...checked].some((c) => new RegExp(`^${id} [23]`).test(c));
    expect([...operations.keys()].filter((id) => !succeeded(id))).toEqual([]);
    const statuses = new Set([...checked].map((c) => Number(c.split(' ')[1])));
    for (const status of [400, 401, 403, 404, 409, 413, 415, 429, 503]) expect(statuses).toContain(status);
  });
});
