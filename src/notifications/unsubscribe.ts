import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Lang } from '../values.ts';

/** What a mail's unsubscribe link turns off: the digest, or alerts. */
export type MailKind = 'digest' | 'alerts';
export const isMailKind = (value: unknown): value is MailKind => value === 'digest' || value === 'alerts';

const signatureOf = (secret: string, userId: string, what: MailKind) =>
  createHmac('sha256', secret).update(`unsubscribe:${userId}:${what}`).digest('base64url');

/**
 * The link in a mail that turns this kind of mail off for the person, without signing in; its page speaks the mail's
 * language (`lang` is not signed: it only chooses the words).
 */
export function unsubscribeUrl(publicUrl: string, secret: string, userId: string, what: MailKind, lang?: Lang): string {
  const url = new URL('/admin/unsubscribe', publicUrl);
  url.searchParams.set('user', userId);
  url.searchParams.set('what', what);
  url.searchParams.set('sig', signatureOf(secret, userId, what));
  if (lang) url.searchParams.set('lang', lang);
  return url.href;
}

/** Whether `sig` is the signature of this person's link (compared in constant time). */
export function isUnsubscribeSignature(secret: string, userId: string, what: MailKind, sig: string): boolean {
  const expected = Buffer.from(signatureOf(secret, userId, what));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
