import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PendingSignIn } from './identity-provider.ts';

/** A sign-in must come back from the provider within ten minutes. */
export const pendingMinutes = 10;

const mac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`oidc-pending:${body}`).digest('base64url');

/**
 * A pending sign-in as the value of a cookie: its JSON and expiry, signed with the service's secret, so that the
 * browser that began the sign-in brings it back unchanged (the state, nonce and PKCE verifier are checked against it).
 */
export function sealPending(pending: PendingSignIn, secret: string, now: Date): string {
  const body = Buffer.from(JSON.stringify({ ...pending, expiresAt: now.getTime() + pendingMinutes * 60_000 })).toString(
    'base64url',
  );
  return `${body}.${mac(secret, body)}`;
}

/** The pending sign-in of a cookie, if its signature holds and it has not expired. */
export function openPending(value: string | undefined, secret: string, now: Date): PendingSignIn | undefined {
  const [body, signature, ...rest] = (value ?? '').split('.');
  if (!body || !signature || rest.length || value === undefined || value.length > 2000) return undefined;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  // Signed by this service, so it is the JSON sealPending wrote.
  const { state, nonce, verifier, next, expiresAt } = JSON.parse(Buffer.from(body, 'base64url').toString());
  return expiresAt > now.getTime() ? { state, nonce, verifier, next } : undefined;
}
