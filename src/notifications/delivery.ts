import { createRequire } from 'node:module';
import type { Mail } from './outbox.ts';

/** A delivery that did not succeed: `reason` is short and safe to keep and print (no address, no secret). */
export class DeliveryError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Sends mails over SMTP; one connection is reused for a run's mails. */
export interface Postman {
  send(mail: Mail, messageId: string): Promise<void>;
  close(): void;
}

/** The SMTP server's answer, by code only: its text may quote the recipient. */
function mailFailure(err: unknown): DeliveryError {
  const { code, responseCode } = err as { code?: unknown; responseCode?: unknown };
  const parts = [typeof code === 'string' ? code : 'error', typeof responseCode === 'number' ? responseCode : ''];
  return new DeliveryError(`smtp: ${parts.filter(Boolean).join(' ')}`);
}

export function smtpPostman(url: string, from: string): Postman {
  // nodemailer is loaded only where mail is sent (FANTDU_SMTP_URL).
  const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof import('nodemailer');
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 1,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // The mails are made by fantdu: nothing in them may make nodemailer read a file or fetch an address.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    async send(mail, messageId) {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId,
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          list: { unsubscribe: mail.unsubscribe },
        });
      } catch (err) {
        throw mailFailure(err);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * Posts a webhook body: answered 2xx within 10 s, or a DeliveryError naming the status or the network error (never
 * the address, whose path is often its secret). Redirects are not followed.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'fantdu', ...headers },
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause?.code;
    const name = (err as Error).name === 'TimeoutError' ? 'timeout' : typeof cause === 'string' ? cause : 'error';
    throw new DeliveryError(`webhook: ${name}`);
  }
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new DeliveryError(`webhook: HTTP ${response.status}`);
}
