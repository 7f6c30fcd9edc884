import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

let t: TestDb;
let fantdu: TestApp;
const origin = 'https://www.kommune.no';

beforeAll(async () => {
  t = await createTestDb();
  fantdu = createTestApp(t.db, { env: { FANTDU_PUBLIC_URL: 'https://feedback.kommune.no' } });
  await fantdu.services.sites.add({ id: 'kommune', name: 'Kommune', origins: [origin] });
});
afterAll(async () => {
  await fantdu.close();
  await t.drop();
});

describe('GET /widget.js', () => {
  it('is JavaScript with an ETag, a cache lifetime and gzip', async () => {
    const res = await request(fantdu.callback).get('/widget.js').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).toContain('data-fantdu-site');
    const again = await request(fantdu.callback)
      .get('/widget.js')
      .set('If-None-Match', res.headers.etag as string);
    expect(again.status).toBe(304);
  });

  it('is plain for a client that takes no gzip', async () => {
    const res = await request(fantdu.callback).get('/widget.js').set('Accept-Encoding', 'identity');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.text).toContain('api/v1/feedback');
  });
});

describe('GET /embed', () => {
  it('is a plain form with Ja/Nei buttons, posting to fantdu, in the asked language', async () => {
    const res = await request(fantdu.callback)
      .get('/embed')
      .query({ site: 'kommune', lang: 'nn', url: `${origin}/skole/?fnr=02013299997` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<html lang="nn">');
    expect(res.text).toContain(
      '<form method="post" action="https://feedback.kommune.no/api/v1/feedback" class="fantdu"',
    );
    expect(res.text).toContain('Fann du det du leita etter?');
    expect(res.text).toContain('<button type="submit" name="found" value="yes">Ja</button>');
    expect(res.text).toContain('<button type="submit" name="found" value="no">Nei</button>');
    expect(res.text).toContain(`name="url" value="${origin}/skole/"`);
    expect(res.text).not.toContain('02013299997');
    expect(res.text).not.toContain('<script');
    expect(res.headers['content-security-policy']).toContain(`frame-ancestors ${origin}`);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('speaks bokmål by default and English when asked', async () => {
    expect((await request(fantdu.callback).get('/embed?site=kommune')).text).toContain('Fant du det du lette etter?');
    expect((await request(fantdu.callback).get('/embed?site=kommune&lang=en')).text).toContain(
      'Did you find what you were looking for?',
    );
  });

  it('leaves out a page that is not the site’s, and takes the Referer of a framing page', async () => {
    expect(
      (await request(fantdu.callback).get('/embed').query({ site: 'kommune', url: 'https://evil.example/x' })).text,
    ).not.toContain('name="url"');
    const framed = await request(fantdu.callback).get('/embed?site=kommune').set('Referer', `${origin}/barnehage/`);
    expect(framed.text).toContain(`name="url" value="${origin}/barnehage/"`);
  });

  it('404 for an unknown site', async () => {
    const res = await request(fantdu.callback).get('/embed?site=ukjent');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('the no-JavaScript round trip', () => {
  it('a form post from the embed form, then its comment from the thank-you page', async () => {
    const vote = await request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('Origin', origin)
      .type('form')
      .send({ site: 'kommune', lang: 'en', url: `${origin}/skole/`, found: 'yes', website: '' });
    expect(vote.status).toBe(201);
    expect(vote.text).toContain('Thank you for your answer!');
    expect(vote.text).toContain('What was helpful?');
    expect(vote.text).toContain(`<a href="${origin}/skole/" target="_top">Back to the page</a>`);
    const id = /name="id" value="([0-9a-f-]{36})"/.exec(vote.text)?.[1];
    const comment = await request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('Origin', 'https://feedback.kommune.no')
      .type('form')
      .send({
        id,
        site: 'kommune',
        lang: 'en',
        url: `${origin}/skole/`,
        found: 'yes',
        comment: '<script>alert(1)</script> Good page',
      });
    expect(comment.status).toBe(200);
    expect(comment.text).toContain('Thank you for your feedback!');
    expect(comment.text).not.toContain('<textarea');
    expect((await t.db('feedback').where({ id }).first()).comment).toBe('<script>alert(1)</script> Good page');
  });

  it('a form without a url field is about the page in its Referer', async () => {
    const res = await request(fantdu.callback)
      .post('/api/v1/feedback')
      .set('Referer', `${origin}/uten-url/?q=1`)
      .type('form')
      .send({ site: 'kommune', found: 'nei' });
    expect(res.status).toBe(201);
    expect(await t.db('feedback').where({ path: '/uten-url/' }).first()).toBeDefined();
  });
});

describe('GET /', () => {
  it('is the demo page carrying the widget, under a CSP without unsafe-inline', async () => {
    const res = await request(fantdu.callback).get('/');
    expect(res.text).toContain('<div data-fantdu-site="demo"></div>');
    expect(res.text).toContain('<script src="/widget.js" async></script>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });
});
