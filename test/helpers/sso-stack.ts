import { once } from 'node:events';
import { createServer } from 'node:http';
import { Navigator, type Visit } from './navigator.ts';
import { type Person, startProvider, type TestProvider } from './oidc-provider.ts';
import { createTestApp, type TestApp } from './test-app.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export interface SsoStack {
  t: TestDb;
  fantdu: TestApp;
  /** fantdu's address (its FANTDU_PUBLIC_URL). */
  url: string;
  provider: TestProvider;
  close(): Promise<void>;
}

export const callbackPath = '/admin/login/oidc/callback';

/** fantdu on a loopback port, signing in with a real OpenID Connect provider on another. */
export async function startSsoStack(env: Record<string, string> = {}): Promise<SsoStack> {
  const t = await createTestDb();
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const provider = await startProvider({ redirectUri: `${url}${callbackPath}`, signedOutUri: `${url}/admin/login` });
  const fantdu = createTestApp(t.db, {
    env: {
      FANTDU_PUBLIC_URL: url,
      FANTDU_OIDC_ISSUER: provider.issuer,
      FANTDU_OIDC_CLIENT_ID: provider.clientId,
      FANTDU_OIDC_CLIENT_SECRET: provider.clientSecret,
      FANTDU_OIDC_NAME: 'Kommunens innlogging',
      ...env,
    },
  });
  server.on('request', fantdu.callback);
  return {
    t,
    fantdu,
    url,
    provider,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await provider.close();
      await fantdu.close();
      await t.drop();
    },
  };
}

/**
 * Begins a sign-in in a new browser, signs in at the provider as `login`, and follows the redirects back: the page
 * fantdu ends on, or (with `stopAtCallback`) the callback address fantdu has not yet been given.
 */
export async function signInWithProvider(
  stack: SsoStack,
  login: string,
  options: { browser?: Navigator; stopAtCallback?: boolean; tamper?: (authorize: URL) => void } = {},
): Promise<{ browser: Navigator; page: Visit; callback: URL | undefined }> {
  const browser = options.browser ?? new Navigator();
  const atProvider = (next: URL) => next.origin === stack.provider.issuer && next.pathname === '/auth';
  const begun = await browser.follow(`${stack.url}/admin/login/oidc`, { stop: atProvider });
  if (!begun.next) throw new Error(`no redirect to the provider: ${begun.visit.status} ${begun.visit.text}`);
  options.tamper?.(begun.next);
  const stop = (next: URL) => options.stopAtCallback === true && next.pathname === callbackPath;
  const form = await browser.follow(begun.next, { stop });
  // A browser signed in at the provider already comes straight back.
  const atForm = !form.next && form.visit.url.origin === stack.provider.issuer;
  const submitted = atForm
    ? await browser.follow(new URL(`${form.visit.url.pathname}/login`, form.visit.url), { form: { login }, stop })
    : form;
  return { browser, page: submitted.visit, callback: submitted.next };
}

export type { Person };
