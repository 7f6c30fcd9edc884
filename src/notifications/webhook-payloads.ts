import { createHmac } from 'node:crypto';
import { mailTexts } from './mail-texts.ts';
import type { AlertNotice } from './notice.ts';
import { alertSentences } from './notice-mail.ts';
import type { WebhookFormat } from './webhook-store.ts';

/** `sha256=<hex HMAC-SHA256 of the body under the webhook's secret>`, sent as X-Fantdu-Signature. */
export const signatureOf = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/**
 * An alert as the webhook's format wants it: fantdu's own JSON (every number, for a script), or the incoming-webhook
 * payload of Microsoft Teams (an Adaptive Card) or Slack (text and blocks), in bokmål.
 */
export function alertPayload(format: WebhookFormat, notice: AlertNotice, reportUrl: string): string {
  const { alert, site } = notice;
  if (format === 'json')
    return JSON.stringify({
      event: 'alert',
      site: { id: site.id, name: site.name },
      alert,
      report: reportUrl,
      ...(notice.comments && { comments: notice.comments }),
    });
  const t = mailTexts.nb;
  const { subject: title, body } = alertSentences('nb', notice);
  // A comment is what a citizen wrote: in a Teams card its Markdown (a link with any label) would be rendered.
  const asWritten = (s: string) => (format === 'teams' ? s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&') : s);
  const comments = (notice.comments ?? []).map((c) => `«${asWritten(c.comment)}»`);
  if (format === 'teams')
    return JSON.stringify({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
              { type: 'TextBlock', text: body, wrap: true },
              ...comments.map((text) => ({ type: 'TextBlock', text, wrap: true, isSubtle: true })),
            ],
            actions: [{ type: 'Action.OpenUrl', title: t.open, url: reportUrl }],
          },
        },
      ],
    });
  // Slack's mrkdwn treats <, > and & as markup: they are escaped as Slack asks.
  const slack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return JSON.stringify({
    text: `${title}: ${body}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${slack(title)}*\n${slack(body)}` } },
      ...comments.map((c) => ({ type: 'context', elements: [{ type: 'mrkdwn', text: slack(c) }] })),
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: t.open }, url: reportUrl }],
      },
    ],
  });
}
