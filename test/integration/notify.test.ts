import { createHmac } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duePeriods } from '../../src/notifications/notifier.ts';
import { type FeedbackSeed, seedFeedback } from '../helpers/feedback-fixture.ts';
import { startMailServer, startWebhookReceiver } from '../helpers/receivers.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTestDb, type TestDb } from '../helpers/test-db.ts';

// Friday 27 November 2026, 08:00 in Oslo: yesterday's digest is due, and last week's (16-22 November).
let now = new Date('2026-11-27T07:00:00Z');
const dayMs = 86_400_000;
const daysBefore = (n: number, hour = 11) => new Date(Date.UTC(2026, 10, 27 - n, hour));
const publicUrl = 'https://fantdu.kommune.no';
const comment = 'Fant ikke skjemaet for byggesøknad';

let t: TestDb;
let fantdu: TestApp;
let other: TestApp;
let mail: Awaited<ReturnType<typeof startMailServer>>;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
let jsonSecret: string;
const users: Record<string, string> = {};

/** `yes` and `no` answers on a page, spread over the days `from` to `to` days before today (noon). */
function answers(path: string, counts: { yes: number; no: number }, from: number, to: number) {
  const seeds: FeedbackSeed[] = [];
  for (let i = 0; i < counts.yes + counts.no; i++)
    seeds.push({ site: 'kommune', path, found: i >= counts.no, at: daysBefore(from - (i % (from - to + 1))) });
  return seeds;
}

async function person(email: string, site: string, choices: { digest: 'off' | 'daily' | 'weekly'; lang?: 'nn' }) {
  await fantdu.services.users.addUser(email, site, 'editor');
  const id = (await fantdu.stores.users.findByEmail(email))?.id as string;
  await fantdu.stores.watches.setPreferences(id, { digest: choices.digest, alerts: true });
  if (choices.lang) await fantdu.stores.users.setLanguage(id, choices.lang);
  users[email] = id;
  return id;
}

const run = () => fantdu.services.notifier.run();
const mailsTo = (email: string) => mail.mails.filter((m) => m.envelopeTo.includes(email));

beforeAll(async () => {
  t = await createTestDb();
  mail = await startMailServer();
  hooks = await startWebhookReceiver();
  const env = { FANTDU_SMTP_URL: mail.url, FANTDU_PUBLIC_URL: publicUrl };
  fantdu = createTestApp(t.db, { clock: () => now, env });
  other = createTestApp(t.db, { clock: () => now, env });
  const { sites } = fantdu.services;
  await sites.add({ id: 'kommune', name: 'Kommune', origins: ['https://www.kommune.no'] });
  await sites.add({ id: 'annen', name: 'Annen kommune', origins: ['https://www.annen.no'] });
  await seedFeedback(fantdu.stores, [
    // A spike on /spike: 20 % "no" over the 28 days before, 70 % in the last 7; a comment yesterday.
    ...answers('/spike', { yes: 80, no: 20 }, 34, 7),
    ...answers('/spike', { yes: 6, no: 14 }, 6, 0),
    { site: 'kommune', path: '/spike', found: false, comment, at: daysBefore(1) },
    // Answers under /skole last week, and a page with many "no" yesterday.
    ...answers('/skole/opptak', { yes: 3, no: 4 }, 11, 5),
    ...answers('/bad', { yes: 1, no: 9 }, 1, 1),
  ]);
  const daily = await person('dag@kommune.no', 'kommune', { digest: 'daily' });
  const weekly = await person('uke@kommune.no', 'kommune', { digest: 'weekly', lang: 'nn' });
  await person('stille@annen.no', 'annen', { digest: 'daily' });
  await fantdu.stores.watches.add(daily, 'kommune', { path: '/spike' }, now, 500);
  await fantdu.stores.watches.add(weekly, 'kommune', { pathPrefix: '/skole/' }, now, 500);
  await fantdu.services.changes.create(
    'kommune',
    { path: '/spike', at: daysBefore(1).toISOString(), note: 'Ny tekst' },
    {
      actor: 'test',
    } as never,
  );
  jsonSecret = (await fantdu.services.webhooks.add('kommune', `${hooks.url}/json`, 'json', 'test')).secret;
  await fantdu.services.webhooks.add('kommune', `${hooks.url}/teams`, 'teams', 'test');
});

afterAll(async () => {
  await fantdu?.close();
  await other?.close();
  await mail?.close();
  await hooks?.close();
  await t?.drop();
});

describe('notify', () => {
  it('finds the due periods in Oslo time: yesterday from 07:00, last week from Monday 07:00', () => {
    expect(duePeriods(new Date('2026-11-27T07:00:00Z'))).toEqual({
      daily: { from: '2026-11-26', to: '2026-11-26' },
      weekly: { from: '2026-11-16', to: '2026-11-22' },
    });
    // 06:59 in Oslo: the day before yesterday's digest is still the one due.
    expect(duePeriods(new Date('2026-11-27T05:59:00Z')).daily.from).toBe('2026-11-25');
    // Monday 30 November at 07:00 in Oslo: last week's; at 06:00 still the week before.
    expect(duePeriods(new Date('2026-11-30T06:00:00Z')).weekly).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(duePeriods(new Date('2026-11-30T05:00:00Z')).weekly).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    // Summer time: 07:00 in Oslo is 05:00 UTC.
    expect(duePeriods(new Date('2026-06-10T05:00:00Z')).daily.from).toBe('2026-06-09');
    expect(duePeriods(new Date('2026-06-10T04:59:00Z')).daily.from).toBe('2026-06-08');
  });

  it('sends each digest, alert mail and webhook once, even from two instances at the same time', async () => {
    const [a, b] = await Promise.all([run(), other.services.notifier.run()]);
    const deliveries = [...a, ...b];
    expect(deliveries.every((d) => d.outcome === 'sent')).toBe(true);
    // The daily digest and the alert to the one who watches /spike, the weekly digest, two webhook posts.
    expect(deliveries.map((d) => `${d.channel} ${d.kind}`).sort()).toEqual([
      'mail alert',
      'mail digest',
      'mail digest',
      'mail digest',
      'webhook alert',
      'webhook alert',
    ]);
    expect(mail.mails).toHaveLength(4);
    expect(hooks.posts).toHaveLength(2);
    // A person whose site had no answers is told so.
    const [quiet] = mailsTo('stille@annen.no');
    expect(quiet?.text).toContain('Du følger ingen sider på dette nettstedet.');
    expect(quiet?.text).toContain('Ingen svarte nei på nettstedet i denne perioden.');
    const { rows } = await t.db.raw('select state, count(*)::int as n from outbox group by state order by state');
    expect(rows).toEqual([{ state: 'sent', n: 6 }]);
  });

  it('sends nothing again on the next run', async () => {
    expect(await run()).toEqual([]);
    now = new Date(now.getTime() + 15 * 60_000);
    expect(await run()).toEqual([]);
    expect(mail.mails).toHaveLength(4);
    expect(hooks.posts).toHaveLength(2);
  });

  it('mails a digest as text and accessible HTML with links into /admin and no comment text', async () => {
    const [digest] = mailsTo('dag@kommune.no').filter((m) => m.subject?.includes('Dagen'));
    expect(digest?.subject).toBe('Fant du det du lette etter? Dagen: 26. november 2026');
    expect(digest?.from?.text).toBe('fantdu@fantdu.kommune.no');
    const text = digest?.text ?? '';
    expect(text).toContain('Sidene du følger');
    expect(text).toMatch(/- \/spike: 1 ja, 3 nei, 0 visninger/);
    expect(text).toContain('1 ny kommentar på');
    expect(text).toContain('Nettstedet sender ikke kommentarer på e-post');
    expect(text).toContain('/spike ble endret');
    expect(text).toContain('Flest nei på hele nettstedet');
    expect(text).toContain(`${publicUrl}/admin/sites/kommune/page?path=%2Fspike&from=2026-11-26&to=2026-11-26`);
    const html = String(digest?.html);
    expect(html).toContain('<html lang="nb">');
    expect(html).toMatch(/<h1>Fant du det du lette etter\? Dagen: 26\. november 2026<\/h1>/);
    expect(html).toContain('<th scope="col"');
    expect(html).toContain(`href="${publicUrl}/admin/sites/kommune/page?path=%2Fspike&amp;from=2026-11-26`);
    for (const m of mail.mails) {
      expect(m.text).not.toContain(comment);
      expect(String(m.html)).not.toContain(comment);
    }
    for (const post of hooks.posts) expect(post.body).not.toContain(comment);
    const stored = await t.db('outbox').select('message');
    expect(JSON.stringify(stored)).not.toContain(comment);
    // The unsubscribe link is in the mail and in its headers (one click, RFC 8058).
    const list = digest?.headers.get('list') as { unsubscribe: { url: string }; 'unsubscribe-post': { name: string } };
    const unsubscribe = list.unsubscribe;
    expect(unsubscribe.url).toMatch(new RegExp(`^${publicUrl}/admin/unsubscribe\\?user=\\d+&what=digest&sig=`));
    expect(list['unsubscribe-post'].name).toBe('List-Unsubscribe=One-Click');
    expect(text).toContain(unsubscribe.url);
  });

  it('writes a weekly digest in the person’s language', async () => {
    const [digest] = mailsTo('uke@kommune.no');
    expect(digest?.subject).toBe('Fann du det du leitte etter? Veka: veke 47 (16. november 2026–22. november 2026)');
    expect(String(digest?.html)).toContain('<html lang="nn">');
    expect(digest?.text).toContain('Sidene du følgjer');
    expect(digest?.text).toMatch(/\/skole\/opptak: \d+ ja, \d+ nei/);
  });

  it('mails an alert on a watched page with its numbers', async () => {
    const [alert] = mailsTo('dag@kommune.no').filter((m) => m.subject?.startsWith('Varsel'));
    expect(alert?.subject).toBe('Varsel: flere svarer nei på /spike');
    expect(alert?.text).toMatch(
      /På Kommune svarte 1[45] av 2[01] nei på \/spike de siste 7 dagene \(71\s%\), mot 20\s%/,
    );
    expect(alert?.text).toContain(`${publicUrl}/admin/sites/kommune/page?path=%2Fspike`);
  });

  it('posts alerts to webhooks: json signed with the secret, Teams as an Adaptive Card', async () => {
    const json = hooks.posts.find((p) => p.path === '/json');
    const expected = `sha256=${createHmac('sha256', jsonSecret)
      .update(json?.body ?? '')
      .digest('hex')}`;
    expect(json?.headers['x-fantdu-signature']).toBe(expected);
    expect(json?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(json?.body ?? '{}');
    expect(body).toMatchObject({ event: 'alert', site: { id: 'kommune' }, alert: { path: '/spike', kind: 'spike' } });
    expect(body.comments).toBeUndefined();
    const teams = hooks.posts.find((p) => p.path === '/teams');
    expect(teams?.headers['x-fantdu-signature']).toBeUndefined();
    const card = JSON.parse(teams?.body ?? '{}').attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body[0].text).toBe('Varsel: flere svarer nei på /spike');
    expect(card.content.actions[0].url).toContain(`${publicUrl}/admin/sites/kommune/page?path=%2Fspike`);
  });

  it('carries comments only once the site allows it', async () => {
    await fantdu.services.sites.save({ id: 'kommune', commentsInNotifications: true }, true);
    await seedFeedback(fantdu.stores, [
      { site: 'kommune', path: '/spike', found: false, comment: `${comment}, ring 912 34 567`, at: daysBefore(0, 9) },
    ]);
    now = new Date('2026-11-28T07:30:00Z');
    const deliveries = await run();
    expect(deliveries.map((d) => `${d.channel} ${d.kind} ${d.to}`).sort()).toEqual([
      'mail digest dag@kommune.no',
      'mail digest stille@annen.no',
    ]);
    const digest = mailsTo('dag@kommune.no').at(-1);
    expect(digest?.text).toContain(`«${comment}, ring [telefon]»`);
    // Once sent, a message keeps its key and nothing of its content: no comment waits in the outbox.
    const kept = await t.db('outbox').where({ state: 'sent' }).pluck('message');
    expect(kept.every((m) => JSON.stringify(m) === '{}')).toBe(true);
    expect(digest?.text).not.toContain('912 34 567');
  });

  it('retries a failed webhook with back-off, and never posts it twice once it went through', async () => {
    await fantdu.services.webhooks.add('kommune', `${hooks.url}/down`, 'slack', 'test');
    hooks.status = 500;
    const first = await run();
    expect(first.map((d) => [d.outcome, d.reason])).toEqual([['retry', 'webhook: HTTP 500']]);
    expect(await run()).toEqual([]);
    now = new Date(now.getTime() + 5 * 60_000);
    hooks.status = 200;
    expect((await run()).map((d) => d.outcome)).toEqual(['sent']);
    now = new Date(now.getTime() + 60 * 60_000);
    expect(await run()).toEqual([]);
    const slack = hooks.posts.filter((p) => p.path === '/down');
    expect(slack).toHaveLength(2);
    expect(JSON.parse(slack[1]?.body ?? '{}').text).toContain('Varsel: flere svarer nei på /spike');
  });

  it('unsubscribes from a signed link without login: GET asks, POST acts, a wrong signature fails', async () => {
    const [digest] = mailsTo('dag@kommune.no');
    const list = digest?.headers.get('list') as { unsubscribe: { url: string } };
    const link = new URL(list.unsubscribe.url);
    const path = `${link.pathname}${link.search}`;
    const page = await request(fantdu.callback).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Meld meg av');
    const forged = path.replace(/sig=[^&]+/, 'sig=AAAA');
    expect((await request(fantdu.callback).get(forged)).status).toBe(400);
    expect((await request(fantdu.callback).post(forged).type('form').send('List-Unsubscribe=One-Click')).status).toBe(
      400,
    );
    const otherPerson = path.replace(/user=\d+/, `user=${users['uke@kommune.no']}`);
    expect((await request(fantdu.callback).post(otherPerson).type('form').send({})).status).toBe(400);
    expect(await fantdu.stores.watches.preferences(users['dag@kommune.no'] as string)).toMatchObject({
      digest: 'daily',
    });
    const done = await request(fantdu.callback).post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(done.status).toBe(200);
    expect(done.text).toContain('Du får ikke flere oppsummeringer på e-post.');
    // Used again (a mail scanner, a forwarded mail): the same page, and one audit entry in all.
    expect((await request(fantdu.callback).post(path).type('form').send('List-Unsubscribe=One-Click')).status).toBe(
      200,
    );
    expect(await t.db('audit_log').where({ action: 'notifications.unsubscribe' }).pluck('action')).toHaveLength(1);
    expect(await fantdu.stores.watches.preferences(users['dag@kommune.no'] as string)).toMatchObject({
      digest: 'off',
      alerts: true,
    });
    now = new Date(now.getTime() + dayMs);
    expect((await run()).filter((d) => d.to === 'dag@kommune.no')).toEqual([]);
  });

  it('runs the 15-minute job on one instance at a time', async () => {
    now = new Date(now.getTime() + dayMs);
    const ticks = await Promise.all([fantdu.services.notifier.tick(), other.services.notifier.tick()]);
    expect(ticks.sort()).toEqual([false, true]);
    now = new Date(now.getTime() + 10 * 60_000);
    expect(await other.services.notifier.tick()).toBe(false);
    now = new Date(now.getTime() + 5 * 60_000);
    expect(await other.services.notifier.tick()).toBe(true);
  });

  it('mails a person who sees a site by a single sign-on grant, and stops when the grant goes', async () => {
    const [user] = await t
      .db('users')
      .insert({ email: 'sso@kommune.no', created_at: now, digest: 'daily', lang: 'en' })
      .returning('id');
    const [grant] = await t
      .db('sso_grants')
      .insert({ site_id: 'kommune', kind: 'email-domain', value: 'kommune.no', role: 'editor', created_at: now })
      .returning('id');
    await t.db('user_grants').insert({ user_id: user.id, grant_id: grant.id });
    now = new Date(now.getTime() + dayMs);
    const sent = (await run()).filter((d) => d.to === 'sso@kommune.no');
    expect(sent.map((d) => `${d.outcome} ${d.kind}`)).toEqual(['sent digest']);
    expect(mailsTo('sso@kommune.no')[0]?.subject).toMatch(/^Did you find what you were looking for\? Day: /);
    // A sign-in more than 30 days ago (someone who left cannot sign in again) no longer counts for mail.
    await t
      .db('user_grants')
      .where({ user_id: user.id })
      .update({ granted_at: new Date(now.getTime() - 31 * dayMs) });
    now = new Date(now.getTime() + dayMs);
    expect((await run()).filter((d) => d.to === 'sso@kommune.no')).toEqual([]);
  });

  it('keeps addresses and comments out of the log', () => {
    expect(fantdu.log.text).not.toContain('@kommune.no');
    expect(fantdu.log.text).not.toContain(comment);
  });
});
