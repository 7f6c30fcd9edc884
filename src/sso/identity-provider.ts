import * as oidc from 'openid-client';
import { Unavailable } from '../errors.ts';
import type { Logger } from '../log.ts';

/** A sign-in under way: what the callback must match, kept in the browser's signed cookie until it returns. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  /** The PKCE code verifier: only its hash went to the provider. */
  verifier: string;
  /** The /admin page to go to afterwards. */
  next: string;
}

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  publicUrl: string;
  name?: string | undefined;
}

/** Why a callback could not be redeemed: each the browser's or the person's doing, answered with a 400 page. */
export type CallbackFault = 'issuer' | 'code' | 'token' | 'denied';
export type Redeemed = { ok: true; claims: oidc.IDToken } | { ok: false; fault: CallbackFault };

/** The provider does not answer (`unreachable`), or answers what fantdu cannot use (`unexpected`: configuration). */
export class ProviderUnavailable extends Unavailable {
  constructor(readonly why: 'unreachable' | 'unexpected') {
    super(`The identity provider ${why === 'unreachable' ? 'does not answer' : 'answers what fantdu cannot use'}.`);
  }
}

/** The provider's metadata is read again after an hour; a failure is not retried for ten seconds. */
const refreshMs = 3_600_000;
const retryMs = 10_000;
const scope = 'openid email profile';

const sameIssuer = (a: string, b: string) => URL.canParse(a) && URL.canParse(b) && new URL(a).href === new URL(b).href;

/**
 * The OpenID Connect provider, as openid-client speaks to it: its metadata discovered once and kept, every request
 * to it bounded by a timeout, its failures sorted into the person's (a fault of the callback) and its own.
 */
export class IdentityProvider {
  readonly name: string;
  readonly redirectUri: string;
  private known: { config: oidc.Configuration; at: number } | undefined;
  private failed: { error: ProviderUnavailable; at: number } | undefined;
  private loading: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly settings: ProviderSettings,
    private readonly log: Logger,
    private readonly timeoutSeconds = 5,
  ) {
    const host = new URL(settings.issuer).hostname;
    this.name = settings.name ?? (host === 'login.microsoftonline.com' ? 'Microsoft' : host);
    this.redirectUri = `${settings.publicUrl}/admin/login/oidc/callback`;
  }

  /** A new sign-in: the address at the provider to send the browser to, and what its callback must match. */
  async begin(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      next,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, pending };
  }

  /** Redeems the callback's code for a validated ID token (signature, issuer, audience, expiry, nonce). */
  async redeem(query: URLSearchParams, pending: PendingSignIn): Promise<Redeemed> {
    const config = await this.configuration();
    const iss = query.get('iss');
    if (iss !== null && !sameIssuer(iss, config.serverMetadata().issuer)) return { ok: false, fault: 'issuer' };
    try {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(`${this.redirectUri}?${query}`), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      return claims ? { ok: true, claims } : { ok: false, fault: 'token' };
    } catch (err) {
      const fault = faultOf(err);
      if (fault) return { ok: false, fault };
      throw this.trouble(err, 'token');
    }
  }

  /** The provider's end-session address, for a person signing out of fantdu to sign out there too. */
  async endSessionUrl(): Promise<string | undefined> {
    const config = await this.configuration().catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    const params = {
      client_id: this.settings.clientId,
      post_logout_redirect_uri: `${this.settings.publicUrl}/admin/login`,
    };
    return oidc.buildEndSessionUrl(config, params).href;
  }

  /** The discovered configuration: kept an hour (the old one serves while the provider is away). */
  private async configuration(): Promise<oidc.Configuration> {
    const now = Date.now();
    if (this.known && now - this.known.at < refreshMs) return this.known.config;
    if (this.failed && now - this.failed.at < retryMs) {
      if (this.known) return this.known.config;
      throw this.failed.error;
    }
    this.loading ??= this.discover().finally(() => {
      this.loading = undefined;
    });
    try {
      const config = await this.loading;
      this.known = { config, at: Date.now() };
      this.failed = undefined;
      return config;
    } catch (err) {
      this.failed = { error: err as ProviderUnavailable, at: Date.now() };
      if (this.known) return this.known.config;
      throw err;
    }
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.settings;
    // http is allowed by the configuration only on a loopback address (tests).
    const execute = new URL(issuer).protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
    try {
      return await oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, {
        execute,
        timeout: this.timeoutSeconds,
      });
    } catch (err) {
      throw this.trouble(err, 'discovery');
    }
  }

  /** Logged by code and message only (never a token or the secret), and answered as the provider's trouble. */
  private trouble(err: unknown, step: string): ProviderUnavailable {
    const { code, message, error } = (err ?? {}) as { code?: string; message?: string; error?: string };
    const unreachable = code === 'OAUTH_TIMEOUT' || (err instanceof TypeError && message === 'fetch failed');
    this.log.warn({ step, code, error, message }, 'identity provider failed');
    return new ProviderUnavailable(unreachable ? 'unreachable' : 'unexpected');
  }
}

/** A callback the browser brought that does not hold: a code used, expired or not ours, or an ID token not for it. */
function faultOf(err: unknown): CallbackFault | undefined {
  if (err instanceof oidc.AuthorizationResponseError) return 'denied';
  if (err instanceof oidc.ResponseBodyError) return err.error === 'invalid_grant' ? 'code' : undefined;
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || code === 'OAUTH_INVALID_RESPONSE' ? 'token' : undefined;
}
