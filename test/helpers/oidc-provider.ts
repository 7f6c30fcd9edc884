import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

/** A person at the provider: the claims their ID token carries besides `sub`. */
export interface Person {
  email?: string;
  email_verified?: boolean;
  /** Entra ID's "email domain owner verified", in place of email_verified. */
  xms_edov?: boolean;
  groups?: string[];
  roles?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The people who can sign in, by login name; tests may change them between sign-ins. */
  people: Record<string, Person>;
  /** How long an authorization code lives, in seconds (60 unless a test shortens it). */
  codeTtl: number;
  /** How many requests its token endpoint has had (codes redeemed, or tried). */
  tokenRequests: number;
  close(): Promise<void>;
}

const loginForm = (uid: string, error = '') => `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Kommunens innlogging</title></head>
<body><main><h1>Kommunens innlogging</h1>${error}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Brukernavn</label> <input id="login" name="login" autocomplete="username">
<button type="submit">Logg inn hos kommunen</button>
</form></main></body></html>`;

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port, with one confidential client for fantdu and a
 * login form of its own: the person types a login name of `people`, and is signed in without consent (first party).
 */
export async function startProvider(fantdu: { redirectUri: string; signedOutUri: string }): Promise<TestProvider> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const state: TestProvider = {
    issuer,
    clientId: 'fantdu',
    clientSecret: 'en-hemmelighet-bare-for-testene',
    people: {},
    codeTtl: 60,
    tokenRequests: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [fantdu.redirectUri],
        post_logout_redirect_uris: [fantdu.signedOutUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx: unknown, sub: string) {
      const person = state.people[sub];
      return person && { accountId: sub, claims: async () => ({ sub, ...person }) };
    },
    claims: { openid: ['sub', 'groups', 'roles', 'xms_edov'], email: ['email', 'email_verified'] },
    // Claims in the ID token, as Entra ID and Keycloak put them there.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // fantdu is the municipality's own: no consent screen.
    async loadExistingGrant(ctx: {
      oidc: { provider: { Grant: new (x: object) => GrantLike }; client: { clientId: string }; session: Session };
    }) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['test-cookie-key-for-the-provider'] },
    ttl: {
      AuthorizationCode: () => state.codeTtl,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  });
  provider.use(async (ctx, next) => {
    if (ctx.path === '/token') state.tokenRequests++;
    const login = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
    if (!login) return next();
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = loginForm(interaction.uid);
      return;
    }
    const body = new URLSearchParams(await readBody(ctx.req));
    const accountId = body.get('login') ?? '';
    if (!state.people[accountId]) {
      ctx.type = 'html';
      ctx.body = loginForm(interaction.uid, '<p role="alert">Ukjent brukernavn.</p>');
      return;
    }
    ctx.status = 303;
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { login: { accountId } }));
  });
  server.on('request', provider.callback());
  return state;
}

interface GrantLike {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface Session {
  accountId: string;
}

async function readBody(req: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk.toString();
  return text;
}
