import { html } from '../../html.ts';
import type { SignInOutcome } from '../../sso/sso-service.ts';
import type { AdminTexts, Words } from '../words.ts';
import type { PageContent } from './layout.ts';

type NotIn = Exclude<SignInOutcome, { kind: 'in' }>;
type Key = Extract<NotIn, { kind: 'failed' }>['fault'] | Extract<NotIn, { kind: 'refused' }>['reason'];

/** What went wrong, for the person, by fault: the title and what to do (`p` is the provider's name). */
const texts = (t: AdminTexts['signIn'], p: string): Record<Key, [title: string, text: string]> => ({
  state: [t.cannotFinish, `${t.state} ${t.again}`],
  issuer: [t.cannotFinish, `${t.issuer(p)} ${t.again}`],
  code: [t.codeTitle, `${t.code(p)} ${t.again}`],
  token: [t.cannotFinish, `${t.token(p)} ${t.again}`],
  denied: [t.deniedTitle, `${t.denied(p)} ${t.again}`],
  'no-email': [t.noEmailTitle, t.noEmail(p)],
  unverified: [t.unverifiedTitle, t.unverified(p)],
  'other-identity': [t.otherIdentityTitle, t.otherIdentity],
});

const ways = (t: AdminTexts['signIn'], provider: string, endSession: string | undefined) =>
  html`<ul>
<li><a href="/admin/login">${t.toSignIn}</a></li>
${endSession ? html`<li><a href="${endSession}">${t.signOutAt(provider)}</a> ${t.asSomeoneElse}</li>` : ''}
</ul>`;

/** A sign-in with the provider that did not end in a session: what happened, politely, and a way on. */
export function signInPage(w: Words, outcome: NotIn, provider: string, endSession?: string): PageContent {
  const t = w.t.signIn;
  if (outcome.kind === 'no-grant')
    return {
      title: t.noGrantTitle,
      body: html`<p>${t.noGrantWho(provider)} <strong>${outcome.email}</strong>${t.noGrantWhat}</p>
<p>${t.askForAccess}</p>
${ways(t, provider, endSession)}`,
    };
  if (outcome.kind === 'wait') {
    const minutes = w.plural(Math.ceil(outcome.retryAfter / 60), w.t.counts.minutes);
    return { title: t.cannotFinish, body: html`<p>${w.t.login.wait(minutes)}</p>\n${ways(t, provider, endSession)}` };
  }
  const [title, text] = texts(t, provider)[outcome.kind === 'failed' ? outcome.fault : outcome.reason];
  return { title, body: html`<p>${text}</p>\n${ways(t, provider, endSession)}` };
}
