import { html } from '../../html.ts';
import type { SignInOutcome } from '../../sso/sso-service.ts';
import type { PageContent } from './layout.ts';

type NotIn = Exclude<SignInOutcome, { kind: 'in' }>;
type Key = Extract<NotIn, { kind: 'failed' }>['fault'] | Extract<NotIn, { kind: 'refused' }>['reason'];

const again = 'Prøv å logge inn på nytt.';
/** What went wrong, for the person, by fault: the title and what to do ({p} is the provider's name). */
const texts: Record<Key, [title: string, text: string]> = {
  state: [
    'Innloggingen kan ikke fullføres',
    `Innloggingen ble startet i en annen nettleser, for mer enn ti minutter siden, eller er allerede brukt. ${again}`,
  ],
  issuer: ['Innloggingen kan ikke fullføres', `Svaret kom ikke fra {p}, som fantdu bruker. ${again}`],
  code: ['Innloggingen har gått ut', `Innloggingen hos {p} er allerede brukt, eller den tok for lang tid. ${again}`],
  token: ['Innloggingen kan ikke fullføres', `Svaret fra {p} passet ikke til denne innloggingen. ${again}`],
  denied: ['Innloggingen ble avbrutt', `{p} fullførte ikke innloggingen. ${again}`],
  'no-email': [
    'Fant ikke e-postadressen din',
    '{p} sendte ikke med e-postadressen din, og fantdu kjenner deg igjen på den. Si fra til IT-avdelingen.',
  ],
  unverified: [
    'E-postadressen er ikke bekreftet',
    '{p} har ikke bekreftet e-postadressen din, så fantdu kan ikke knytte den til en konto. Si fra til IT-avdelingen.',
  ],
  'other-identity': [
    'E-postadressen hører til en annen konto',
    'E-postadressen din er allerede knyttet til en annen innlogging i fantdu. Si fra til den som drifter fantdu.',
  ],
};

const ways = (provider: string, endSession: string | undefined) =>
  html`<ul>
<li><a href="/admin/login">Til innloggingen</a></li>
${endSession ? html`<li><a href="${endSession}">Logg ut hos ${provider}</a> (for å logge inn som en annen)</li>` : ''}
</ul>`;

/** A sign-in with the provider that did not end in a session: what happened, politely, and a way on. */
export function signInPage(outcome: NotIn, provider: string, endSession?: string): PageContent {
  if (outcome.kind === 'no-grant')
    return {
      title: 'Du har ikke tilgang ennå',
      body: html`<p>Du er logget inn hos ${provider} som <strong>${outcome.email}</strong>, men du har ikke fått tilgang
til noe nettsted i fantdu.</p>
<p>Be den som har ansvaret for fantdu i kommunen om tilgang. Når du har fått den, logger du inn på nytt.</p>
${ways(provider, endSession)}`,
    };
  const [title, text] = texts[outcome.kind === 'failed' ? outcome.fault : outcome.reason];
  return { title, body: html`<p>${text.replaceAll('{p}', provider)}</p>\n${ways(provider, endSession)}` };
}
