import { RateLimiterRes } from 'rate-limiter-flexible';
import type { SignInRefusal, UserService } from '../accounts/user-service.ts';
import type { Config } from '../config.ts';
import { retryAfterSeconds } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Limiter } from '../rate-limit/rate-limit.ts';
import { emailDomain } from './grant.ts';
import type { GrantStore } from './grant-store.ts';
import { type CallbackFault, IdentityProvider, type PendingSignIn } from './identity-provider.ts';

/** How a return from the provider ended. */
export type SignInOutcome =
  | { kind: 'in'; sessionId: string; next: string }
  | { kind: 'failed'; fault: CallbackFault | 'state' }
  | { kind: 'refused'; reason: SignInRefusal }
  | { kind: 'no-grant'; email: string }
  /** The client has brought back too many codes that did not sign anyone in: this one was not redeemed. */
  | { kind: 'wait'; retryAfter: number };

/** At most this many values of the roles claim are read (Entra ID sends at most 200 groups in a token). */
const maxClaimValues = 1000;

/** The values of the roles claim: by its name, or else as a path (`realm_access.roles`); strings only. */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value =
    name in claims
      ? claims[name]
      : name
          .split('.')
          .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as never)[key] : undefined), claims);
  const values = (Array.isArray(value) ? value : [value]).filter(
    (v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 500,
  );
  return [...new Set(values)].slice(0, maxClaimValues);
}

/** `true`, `false`, or not said: some providers write the boolean as a string. */
const verified = (value: unknown): boolean | undefined =>
  value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;

/**
 * Single sign-on with OpenID Connect: a sign-in begins at the provider and comes back with a code, redeemed for an ID
 * token; its e-mail says who the person is, its roles claim and e-mail domain which grants they match, read anew at
 * every sign-in.
 */
export class SsoService {
  constructor(
    private readonly provider: IdentityProvider,
    private readonly grants: GrantStore,
    private readonly users: UserService,
    private readonly redeemsByClient: Limiter,
    private readonly rolesClaim: string,
  ) {}

  /** What the sign-in button calls the provider. */
  get name(): string {
    return this.provider.name;
  }

  begin(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    return this.provider.begin(next);
  }

  endSessionUrl(): Promise<string | undefined> {
    return this.provider.endSessionUrl();
  }

  /**
   * The browser is back from the provider with `query`; `pending` is the sign-in its cookie says it began. Each code
   * fantdu would redeem at the provider counts against the client's limit (its own, not the wrong passwords') before it
   * is redeemed, and is given back when the person is signed in: a cookie replayed with made-up codes cannot make
   * fantdu call the provider without end (and have the provider throttle fantdu for everyone).
   */
  async finish(query: URLSearchParams, pending: PendingSignIn | undefined, clientKey: string): Promise<SignInOutcome> {
    if (!pending || query.get('state') !== pending.state) return { kind: 'failed', fault: 'state' };
    // A return that brings no code, or the provider's error (the person cancelled), asks the provider nothing.
    if (query.has('code') && !query.has('error')) {
      try {
        await this.redeemsByClient.consume(clientKey);
      } catch (err) {
        if (err instanceof RateLimiterRes) return { kind: 'wait', retryAfter: retryAfterSeconds(err.msBeforeNext) };
        throw err;
      }
    }
    const redeemed = await this.provider.redeem(query, pending);
    if (!redeemed.ok) return { kind: 'failed', fault: redeemed.fault };
    const { claims } = redeemed;
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    const domain = email.includes('@') ? emailDomain(email.slice(email.lastIndexOf('@') + 1)) : undefined;
    const grants = await this.grants.matching(claimValues(claims, this.rolesClaim), domain);
    // Entra ID sends no email_verified; its optional claim xms_edov says the tenant verified the e-mail's domain.
    const emailVerified = verified(claims.email_verified) ?? (verified(claims.xms_edov) || undefined);
    const identity = { issuer: claims.iss, subject: claims.sub, email, emailVerified };
    const outcome = await this.users.signInWithIdentity(identity, grants);
    if (outcome.kind === 'in') {
      await this.redeemsByClient.reward(clientKey, 1).catch(() => {});
      return { kind: 'in', sessionId: outcome.sessionId, next: pending.next };
    }
    return outcome.kind === 'no-grant' ? { kind: 'no-grant', email } : outcome;
  }
}

/** Single sign-on when FANTDU_OIDC_ISSUER is set (the configuration makes sure its client is set as well). */
export function singleSignOn(
  config: Config,
  grants: GrantStore,
  users: UserService,
  redeemsByClient: Limiter,
  log: Logger,
): SsoService | undefined {
  const { oidcIssuer: issuer, oidcClientId: clientId, oidcClientSecret: clientSecret, publicUrl, oidcName } = config;
  if (!issuer || !clientId || !clientSecret) return undefined;
  const provider = new IdentityProvider({ issuer, clientId, clientSecret, publicUrl, name: oidcName }, log);
  return new SsoService(provider, grants, users, redeemsByClient, config.oidcRolesClaim);
}
