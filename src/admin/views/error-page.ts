import { html } from '../../html.ts';
import type { PageContent } from './layout.ts';

const texts: Record<number, [title: string, text: string]> = {
  400: ['Noe kan ikke brukes', 'Noen av valgene i adressen eller skjemaet kan ikke brukes.'],
  401: ['Ikke logget inn', 'Logg inn for å se denne siden.'],
  403: ['Ingen tilgang', 'Du har ikke tilgang til dette.'],
  404: ['Fant ikke siden', 'Siden finnes ikke, eller du har ikke tilgang til den.'],
  409: ['Kan ikke gjøres', 'Det finnes allerede et tema med det navnet, eller dette kan ikke endres slik.'],
  413: ['For mye tekst', 'Skjemaet inneholdt mer enn tjenesten tar imot.'],
  429: ['For mange forsøk', 'Vent litt og prøv igjen.'],
  503: ['Tjenesten svarer ikke', 'Databasen svarer ikke akkurat nå. Prøv igjen om litt.'],
  500: ['Noe gikk galt', 'Noe gikk galt hos oss. Feilen er logget. Prøv igjen senere.'],
};

const fieldLabels: Record<string, string> = {
  from: 'fra-dato',
  to: 'til-dato',
  period: 'periode',
  sort: 'sortering',
  pathPrefix: 'sti',
  path: 'side',
  interval: 'intervall',
  found: 'svar',
  hasComment: 'kommentar',
  status: 'status',
  cursor: 'side i listen',
  limit: 'antall',
  before: 'side i listen',
  term: 'ord',
  theme: 'tema',
  name: 'navn',
  words: 'ordene i temaet',
  action: 'handling',
};

/** A failure, said in Norwegian: what went wrong (never the English detail of the API), and a way on. */
export function errorPage(status: number, problem: { detail?: string | undefined; fields: string[] }): PageContent {
  const [title, text] =
    texts[status] ?? (status < 500 ? (texts[400] as [string, string]) : (texts[500] as [string, string]));
  const fields = [...new Set(problem.fields.map((f) => f.split('.')[0] as string).map((f) => fieldLabels[f] ?? f))];
  return {
    title,
    body: html`<p>${problem.detail ?? text}</p>
${fields.length ? html`<p>Sjekk: ${fields.join(', ')}.</p>` : ''}
<p><a href="/admin">Til oversikten over nettstedene</a></p>`,
  };
}
