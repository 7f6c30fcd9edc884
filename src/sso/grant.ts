import { domainToASCII } from 'node:url';
import type { Role } from '../values.ts';

/** What a grant matches: a value of the roles claim (a group id, an app role), or the domain of the e-mail. */
export type GrantKind = 'claim' | 'email-domain';

export interface Grant {
  id: string;
  siteId: string;
  kind: GrantKind;
  value: string;
  role: Role;
  createdAt: Date;
}

/** A claim value as a grant keeps it: as the provider writes it (group ids and app roles are compared exactly). */
export const claimValuePattern = /^[^\p{Cc}]{1,500}$/u;

/** An e-mail domain in the one form grants and sign-ins compare: lower case, Punycode (bø.kommune.no too). */
export function emailDomain(domain: string): string | undefined {
  const name = domain.trim().replace(/^@/, '').toLowerCase();
  // Letters, digits, dots and hyphens only: domainToASCII would read `kommune.no/x` as the host kommune.no.
  if (!/^[\p{L}\p{M}\p{N}.-]{1,253}$/u.test(name)) return undefined;
  const ascii = domainToASCII(name);
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(ascii) ? ascii : undefined;
}
