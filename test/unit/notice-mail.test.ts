import { describe, expect, it } from 'vitest';
import type { AlertNotice, DigestNotice, NoticeLinks } from '../../src/notifications/notice.ts';
import { alertMail, digestMail, isoWeek } from '../../src/notifications/notice-mail.ts';
import { alertPayload, signatureOf } from '../../src/notifications/webhook-payloads.ts';
import { langs } from '../../src/values.ts';

const links: NoticeLinks = {
  page: (site, path, range) =>
    `https://f.no/admin/sites/${site}/page?path=${encodeURIComponent(path)}&from=${range.from}`,
  site: (site) => `https://f.no/admin/sites/${site}`,
  preferences: 'https://f.no/admin/notifications',
  unsubscribe: 'https://f.no/admin/unsubscribe?user=1&what=digest&sig=x',
};
const evil = '/<script>alert(1)</script>&"';
const alert: AlertNotice = {
  site: { id: 'k', name: 'Kommune <b>' },
  alert: {
    path: evil,
    kind: 'spike',
    at: '2026-11-27',
    recent: { yes: 6, no: 14, from: '2026-11-21', to: '2026-11-27' },
    baseline: { yes: 80, no: 20, from: '2026-10-24', to: '2026-11-20' },
    p: 0.0000012,
  },
  comments: [{ path: evil, at: '2026-11-27T09:00:00.000Z', comment: 'Fant ikke <skjemaet>' }],
};
const digest: DigestNotice = {
  period: 'weekly',
  from: '2026-11-16',
  to: '2026-11-22',
  sites: [
    {
      id: 'k',
      name: 'Kommune',
      watching: true,
      watched: [{ path: evil, yes: 1, no: 2, comments: 1, views: 1234 }],
      alerts: [alert.alert],
      newComments: 1,
      comments: undefined,
      changes: [{ id: 'c', path: evil, at: '2026-11-18T10:00:00.000Z', note: 'Ny', verdict: 'too-early' }],
      mostNo: [],
    },
  ],
};

describe('mails', () => {
  it('numbers ISO weeks as calendars in Norway do', () => {
    const weeks = ['2026-11-23', '2026-11-29', '2026-01-01', '2027-01-03', '2027-01-04', '2021-01-03', '2024-12-30'];
    expect(weeks.map(isoWeek)).toEqual([48, 48, 1, 53, 1, 53, 1]);
  });

  it('escapes what people and pages bring into the HTML, in every language', () => {
    for (const lang of langs) {
      for (const mail of [digestMail(lang, digest, links), alertMail(lang, alert, links)]) {
        expect(mail.html).toContain(`<html lang="${lang}">`);
        expect(mail.html).not.toContain('<script>');
        expect(mail.html).not.toContain('<skjemaet>');
        expect(mail.html).not.toContain('<b>');
        expect(mail.text).toContain(links.preferences);
        expect(mail.html).toContain(`href="${links.unsubscribe?.replaceAll('&', '&amp;')}"`);
      }
    }
  });

  it('writes each language’s own words and numbers', () => {
    expect(digestMail('nn', digest, links).text).toContain('for tidleg å seie');
    expect(digestMail('nn', digest, links).subject).toBe(
      'Fann du det du leitte etter? Veka: veke 47 (16. november 2026–22. november 2026)',
    );
    expect(digestMail('en', digest, links).subject).toBe(
      'Did you find what you were looking for? Week: week 47 (16 November 2026–22 November 2026)',
    );
    expect(digestMail('nb', digest, links).text).toContain('1\u00a0234 visninger');
    expect(alertMail('nb', alert, links).text).toContain('(p < 0,001)');
    expect(alertMail('en', alert, links).text).toContain('(p < 0.001)');
    expect(alertMail('nn', alert, links).text).toContain('Dei nyaste kommentarane');
  });

  it('escapes Slack’s markup and signs json bodies with HMAC-SHA256', () => {
    const linked = {
      ...alert,
      comments: [{ path: '/x', at: alert.alert.at, comment: '[Logg inn](https://evil.example)' }],
    };
    const card = JSON.parse(alertPayload('teams', linked, 'https://f.no/r')).attachments[0].content.body;
    expect(card.at(-1).text).toBe('«\\[Logg inn\\]\\(https://evil\\.example\\)»');
    const slack = JSON.parse(alertPayload('slack', alert, 'https://f.no/r'));
    expect(slack.blocks[0].text.text).not.toMatch(/<script>|<b>/);
    expect(slack.blocks[0].text.text).toContain('&lt;script&gt;');
    // As `printf '{"a":1}' | openssl dgst -sha256 -hmac hemmelig` computes it.
    expect(signatureOf('{"a":1}', 'hemmelig')).toBe(
      'sha256=ea222605bab3a6739a43d8f193625a53fc3ee408e5b3908ac61986bdf7aba636',
    );
  });
});
