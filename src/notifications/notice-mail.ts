import { type Html, html } from '../html.ts';
import type { Lang } from '../values.ts';
import { formatsOf, mailTexts } from './mail-texts.ts';
import type { AlertNotice, DigestNotice, DigestSite, NoticeLinks } from './notice.ts';

/** A mail's content: the same in plain text and in HTML. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** ISO 8601 week number of a day (YYYY-MM-DD): the week of its Thursday, counted from the year's first Thursday. */
export function isoWeek(day: string): number {
  const thursday = new Date(`${day}T00:00:00Z`);
  thursday.setUTCDate(thursday.getUTCDate() + 3 - ((thursday.getUTCDay() + 6) % 7));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / 86_400_000 / 7) + 1;
}

const style = {
  body: 'font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em',
  table: 'border-collapse:collapse;margin:0 0 1em',
  cell: 'border-bottom:1px solid #ccc;padding:4px 8px;text-align:left',
  number: 'border-bottom:1px solid #ccc;padding:4px 8px;text-align:right',
  footer: 'color:#555;font-size:14px;border-top:1px solid #ccc;margin-top:2em;padding-top:1em',
};

/** An accessible HTML mail: a language, a title, headings in order, tables with headers, links that say where. */
function page(lang: Lang, subject: string, body: Html): string {
  return html`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="${style.body}">
${body}
</body>
</html>
`.value;
}

function footerOf(lang: Lang, text: string, links: NoticeLinks): { text: string; html: Html } {
  const t = mailTexts[lang];
  const stop = links.unsubscribe ? html` · <a href="${links.unsubscribe}">${t.stop}</a>` : '';
  return {
    text: ['--', text, `${t.change}: ${links.preferences}`, links.unsubscribe ? `${t.stop}: ${links.unsubscribe}` : '']
      .filter(Boolean)
      .join('\n'),
    html: html`<footer style="${style.footer}"><p>${text}</p>
<p><a href="${links.preferences}">${t.change}</a>${stop}</p></footer>`,
  };
}

/** The part of a digest for one site, as text lines and as HTML. */
function digestSite(lang: Lang, site: DigestSite, range: { from: string; to: string }, links: NoticeLinks) {
  const t = mailTexts[lang];
  const f = formatsOf(lang);
  const text: string[] = [site.name, '='.repeat(Math.min(site.name.length, 60)), '', t.watchedHeading];
  const parts: Html[] = [html`<h2>${site.name}</h2>`, html`<h3>${t.watchedHeading}</h3>`];
  const link = (path: string) => html`<a href="${links.page(site.id, path, range)}">${path}</a>`;
  const pageTable = (rows: { path: string; yes: number; no: number; views: number }[]) =>
    html`<table style="${style.table}"><thead><tr><th scope="col" style="${style.cell}">${t.page}</th>
<th scope="col" style="${style.number}">${t.yes}</th><th scope="col" style="${style.number}">${t.no}</th>
<th scope="col" style="${style.number}">${t.views}</th></tr></thead><tbody>${rows.map(
      (r) => html`<tr><th scope="row" style="${style.cell}">${link(r.path)}</th>
<td style="${style.number}">${f.count(r.yes)}</td><td style="${style.number}">${f.count(r.no)}</td>
<td style="${style.number}">${f.count(r.views)}</td></tr>`,
    )}</tbody></table>`;
  const pageLine = (r: { path: string; yes: number; no: number; views: number }) =>
    `- ${r.path}: ${f.count(r.yes)} ${t.yes.toLowerCase()}, ${f.count(r.no)} ${t.no.toLowerCase()}, ` +
    `${f.count(r.views)} ${t.views.toLowerCase()}\n  ${links.page(site.id, r.path, range)}`;
  if (!site.watching) {
    text.push(t.notWatching);
    parts.push(html`<p>${t.notWatching}</p>`);
  } else if (site.watched.length === 0) {
    text.push(t.quietWatched);
    parts.push(html`<p>${t.quietWatched}</p>`);
  } else {
    text.push(...site.watched.map(pageLine));
    parts.push(pageTable(site.watched));
  }
  if (site.alerts.length) {
    const lines = site.alerts.map((a) => ({
      path: a.path,
      line: t.alertLine(
        a.path,
        f.percent(a.recent.no, a.recent.yes + a.recent.no),
        f.percent(a.baseline.no, a.baseline.yes + a.baseline.no),
      ),
      link: links.page(site.id, a.path, { from: a.baseline.from, to: a.recent.to }),
    }));
    text.push('', t.alertsHeading, ...lines.map((l) => `- ${l.line}\n  ${l.link}`));
    parts.push(
      html`<h3>${t.alertsHeading}</h3>`,
      html`<ul>${lines.map((l) => html`<li>${l.line} <a href="${l.link}">${t.open}: ${l.path}</a></li>`)}</ul>`,
    );
  }
  if (site.newComments > 0) {
    const count = t.newComments(f.count(site.newComments), site.newComments === 1);
    text.push('', t.commentsHeading, count);
    parts.push(html`<h3>${t.commentsHeading}</h3><p>${count}</p>`);
    if (site.comments === undefined) {
      text.push(t.commentsKept);
      parts.push(html`<p>${t.commentsKept}</p>`);
    } else {
      text.push(...site.comments.map((c) => `- ${f.at(c.at)} ${c.path}: «${c.comment}»`));
      parts.push(
        html`<ul>${site.comments.map((c) => html`<li>${f.at(c.at)} ${c.path}: <q>${c.comment}</q></li>`)}</ul>`,
      );
    }
  }
  if (site.changes.length) {
    const lines = site.changes.map((c) => t.changeLine(c.path, f.at(c.at), t.verdicts[c.verdict]));
    text.push('', t.changesHeading, ...lines.map((l) => `- ${l}`));
    parts.push(html`<h3>${t.changesHeading}</h3><ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`);
  }
  text.push('', t.mostNoHeading, ...(site.mostNo.length ? site.mostNo.map(pageLine) : [t.quietSite]));
  parts.push(
    html`<h3>${t.mostNoHeading}</h3>`,
    site.mostNo.length ? pageTable(site.mostNo) : html`<p>${t.quietSite}</p>`,
  );
  const siteLink = links.site(site.id, range);
  text.push('', `${t.openSite}: ${siteLink}`);
  parts.push(html`<p><a href="${siteLink}">${t.openSite}: ${site.name}</a></p>`);
  return { text: text.join('\n'), html: parts };
}

/** A digest as mail, in the person's language. */
export function digestMail(lang: Lang, notice: DigestNotice, links: NoticeLinks): MailContent {
  const t = mailTexts[lang];
  const f = formatsOf(lang);
  const when =
    notice.period === 'daily' ? f.day(notice.from) : t.week(isoWeek(notice.from), f.day(notice.from), f.day(notice.to));
  const subject = t.digestSubject(notice.period, when);
  const sites = notice.sites.map((s) => digestSite(lang, s, { from: notice.from, to: notice.to }, links));
  const footer = footerOf(lang, t.digestFooter(notice.period), links);
  const intro = t.digestIntro(notice.period, when);
  return {
    subject,
    text: [intro, '', ...sites.map((s) => `${s.text}\n`), footer.text].join('\n'),
    html: page(lang, subject, html`<h1>${subject}</h1><p>${intro}</p>${sites.map((s) => s.html)}${footer.html}`),
  };
}

/** What an alert says, in mails and webhooks: its title, its numbers in a sentence, and how unlikely by chance. */
export function alertSentences(lang: Lang, { alert, site }: AlertNotice) {
  const t = mailTexts[lang];
  const f = formatsOf(lang);
  const total = alert.recent.yes + alert.recent.no;
  return {
    subject: t.alertSubject(alert.path),
    body: t.alertBody({
      site: site.name,
      path: alert.path,
      no: f.count(alert.recent.no),
      total: f.count(total),
      share: f.percent(alert.recent.no, total),
      before: f.percent(alert.baseline.no, alert.baseline.yes + alert.baseline.no),
    }),
    chance: t.alertChance(f.chance(alert.p)),
  };
}

/** An alert on a watched page as mail, in the person's language. */
export function alertMail(lang: Lang, notice: AlertNotice, links: NoticeLinks): MailContent {
  const t = mailTexts[lang];
  const f = formatsOf(lang);
  const { alert, site } = notice;
  const { subject, body, chance } = alertSentences(lang, notice);
  const link = links.page(site.id, alert.path, { from: alert.baseline.from, to: alert.recent.to });
  const footer = footerOf(lang, t.alertFooter, links);
  const comments = notice.comments ?? [];
  const text = [body, chance, '', `${t.open}: ${link}`];
  const commentList = comments.length
    ? html`<h2>${t.alertComments}</h2>
<ul>${comments.map((c) => html`<li>${f.at(c.at)}: <q>${c.comment}</q></li>`)}</ul>`
    : '';
  if (comments.length) text.push('', t.alertComments, ...comments.map((c) => `- ${f.at(c.at)}: «${c.comment}»`));
  return {
    subject,
    text: [...text, '', footer.text].join('\n'),
    html: page(
      lang,
      subject,
      html`<h1>${subject}</h1><p>${body}</p><p>${chance}</p><p><a href="${link}">${t.open}: ${alert.path}</a></p>
${commentList}
${footer.html}`,
    ),
  };
}
