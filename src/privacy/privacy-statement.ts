import type { Config } from '../config.ts';
import type { LegalBasis, Site } from '../sites/site.ts';
import type { Lang } from '../values.ts';

/** The running configuration the statement is made from: each sentence below is true because the code does it. */
export type StatementConfig = Pick<Config, 'ipMode' | 'retentionDays' | 'auditRetentionDays' | 'publicUrl'>;

type Heading =
  | 'collected'
  | 'notCollected'
  | 'purpose'
  | 'retention'
  | 'processing'
  | 'rights'
  | 'complaint'
  | 'controller'
  | 'contact'
  | 'dpo'
  | 'legalBasis'
  | 'logs'
  | 'lastChanged';

export interface PrivacyStatement {
  lang: Lang;
  site: { id: string; name: string };
  title: string;
  controller: { name: string; contact: string | null; dpo: string | null };
  collected: string[];
  notCollected: string[];
  purpose: string;
  /** The basis in GDPR article 6(1), the article (`6(1)(e)`), and what it means here. */
  legalBasis: { basis: LegalBasis; article: string; text: string };
  retention: { commentDays: number; text: string };
  processing: string;
  /** Who runs the service for the controller (none: the controller itself). */
  processors: { names: string[]; text: string };
  /** Where the data is kept, as the site's settings say (null: not stated). */
  hosting: { place: string | null; text: string };
  /** That the service's own logs hold no personal data. */
  logs: string;
  rights: string[];
  complaint: { authority: string; url: string; text: string };
  headings: Record<Heading, string>;
  configuration: { ipMode: Config['ipMode']; retentionDays: number; cookies: false; browserStorage: false };
  /** When the statement's content last changed, kept in the database: ISO 8601, and as the language writes it. */
  lastChanged: { at: string; text: string };
}

/** The statement without the time it last changed: what that time is the time of a change to. */
export type StatementContent = Omit<PrivacyStatement, 'lastChanged'>;

/** The article of GDPR each legal basis is. */
const articles: Record<LegalBasis, string> = {
  'public-task': '6(1)(e)',
  consent: '6(1)(a)',
  'legitimate-interest': '6(1)(f)',
};

/** Every sentence of the statement in one language; the builder below chooses among them by the configuration. */
interface Sentences {
  title: (site: string) => string;
  headings: Record<Heading, string>;
  answer: string;
  page: string;
  timeAndLanguage: string;
  comment: string;
  addressTruncated: string;
  addressNone: string;
  noCookies: string;
  notFullAddress: string;
  notAddress: string;
  rateLimitKey: string;
  purpose: (site: string) => string;
  commentsErasedNext: string;
  commentsErasedAfter: (days: number) => string;
  processing: (controller: string, host: string) => string;
  legalBasis: Record<LegalBasis, (controller: string) => string>;
  processors: (controller: string) => string;
  noProcessors: (controller: string) => string;
  hosting: (place: string) => string;
  noHosting: string;
  logs: string;
  access: string;
  correction: string;
  restriction: string;
  objection: string;
  /** The right to object where the basis is consent: withdrawing it. */
  withdrawal: string;
  complaint: string;
  /** A moment as a statement's "last changed" line writes it, in Oslo time. */
  changedAt: (at: Date) => string;
}

/** `27. november 2026 kl. 18.40`: Norwegian writes the time with a full stop. */
const norwegianTime = (locale: string) => (at: Date) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' })
    .format(at)
    .replace(/(\d\d):(\d\d)$/, '$1.$2');

const sentences: Record<Lang, Sentences> = {
  nb: {
    title: (site) => `Personvern: «Fant du det du lette etter?» på ${site}`,
    headings: {
      collected: 'Dette lagrer vi',
      notCollected: 'Dette lagrer vi ikke',
      purpose: 'Hvorfor',
      retention: 'Hvor lenge',
      processing: 'Hvem som behandler opplysningene',
      rights: 'Dine rettigheter',
      complaint: 'Klage',
      controller: 'Behandlingsansvarlig',
      contact: 'Kontakt',
      dpo: 'Personvernombud',
      legalBasis: 'Rettslig grunnlag',
      logs: 'Logger',
      lastChanged: 'Sist endret',
    },
    answer: 'Svaret ditt: ja eller nei.',
    page:
      'Hvilken side du svarte på: adressen uten det som står etter «?» og «#», som kan inneholde ' +
      'personopplysninger.',
    timeAndLanguage: 'Tidspunktet og språket (bokmål, nynorsk eller engelsk).',
    comment:
      'Kommentaren din, hvis du skriver en. Før den lagres, fjerner vi navn, gateadresser, bilnumre, fødselsnumre, ' +
      'D-numre og andre personnumre, telefonnumre, e-postadresser og kontonumre.',
    addressTruncated:
      'En forkortet IP-adresse: de tre første delene av en IPv4-adresse eller de første 48 bitene av en ' +
      'IPv6-adresse. Den peker ut et område, ikke deg.',
    addressNone: 'Ingen del av IP-adressen din.',
    noCookies: 'Ingen informasjonskapsler (cookies), og ingenting lagres i nettleseren din.',
    notFullAddress: 'Ikke hele IP-adressen din.',
    notAddress: 'Ikke IP-adressen din.',
    rateLimitKey:
      'For å stoppe misbruk teller vi innsendinger med en nøkkel laget av IP-adressen og et tilfeldig tall som ' +
      'byttes hver dag og slettes etter to døgn. Nøkkelen kan ikke føres tilbake til adressen.',
    purpose: (site) =>
      `Å finne sider på ${site} som ikke gir folk svar, og gjøre dem bedre. Svarene brukes bare til dette.`,
    commentsErasedNext:
      'Kommentarer slettes ved neste daglige sletting. Svaret (ja/nei), siden og tidspunktet beholdes som statistikk.',
    commentsErasedAfter: (days) =>
      `Kommentarer slettes etter ${days} dager. Svaret (ja/nei), siden og tidspunktet beholdes som statistikk uten ` +
      `kommentaren.`,
    processing: (controller, host) =>
      `${controller} er behandlingsansvarlig. Redaktørene som har ansvar for sidene leser svarene. Tjenesten ` +
      `(fantdu) kjøres på ${host}.`,
    legalBasis: {
      'public-task': (controller) =>
        'Vi behandler svarene fordi det er nødvendig for å utføre en oppgave i allmennhetens interesse. ' +
        `${controller} har plikt til å gi innbyggerne god informasjon og veiledning (kommuneloven § 4-1 og ` +
        'forvaltningsloven § 11). Grunnlaget er personvernforordningen artikkel 6 nr. 1 bokstav e (GDPR art. 6(1)(e)).',
      consent: () =>
        'Vi behandler svarene fordi du samtykker: du velger selv om du vil svare. Grunnlaget er ' +
        'personvernforordningen artikkel 6 nr. 1 bokstav a (GDPR art. 6(1)(a)). Du kan når som helst trekke ' +
        'samtykket tilbake. Svarene er anonyme, så vi vet ikke hvilket svar som er ditt. Be oss derfor slette det, ' +
        'og fortell hva du skrev og omtrent når. Det vi gjorde med svaret før du trakk samtykket tilbake, er ' +
        'likevel lovlig.',
      'legitimate-interest': (controller) =>
        `Vi behandler svarene fordi ${controller} har en berettiget interesse i å gjøre nettsidene bedre. ` +
        'Grunnlaget er personvernforordningen artikkel 6 nr. 1 bokstav f (GDPR art. 6(1)(f)). Vi har veid denne ' +
        'interessen mot personvernet ditt, og den veier tyngst fordi vi ikke lagrer hvem du er og fjerner ' +
        'personopplysninger fra kommentarene.',
    },
    processors: (controller) =>
      `${controller} bruker databehandlere til å drive tjenesten. De kan bare bruke opplysningene slik ` +
      `${controller} bestemmer.`,
    noProcessors: (controller) => `${controller} driver tjenesten selv, uten databehandler.`,
    hosting: (place) => `Lagringssted for opplysningene: ${place}.`,
    noHosting: 'Lagringssted for opplysningene: ikke oppgitt.',
    logs:
      'Tjenestens egne logger inneholder ingen personopplysninger: ingen IP-adresse, ingen kommentar og ikke det ' +
      'som står etter «?» i en adresse. De viser bare hva slags forespørsel det var, om den lyktes, og hvor lang ' +
      'tid den tok.',
    access: 'Innsyn: du kan spørre hva vi har lagret.',
    correction:
      'Retting og sletting: du kan be oss rette eller slette en kommentar. Vi vet ikke hvem som skrev hva, så ' +
      'fortell oss hva du skrev og omtrent når; da finner vi den og sletter den.',
    restriction:
      'Begrensning: du kan be oss begrense bruken av svaret ditt, for eksempel mens vi ser på et krav om retting.',
    objection:
      'Protest: du kan protestere mot at vi bruker svaret ditt. Fortell oss hva du skrev og omtrent når, så ' +
      'sletter vi det.',
    withdrawal:
      'Protest: du kan når som helst trekke samtykket tilbake. Fortell oss hva du skrev og omtrent når, så ' +
      'sletter vi svaret.',
    complaint: 'Du kan klage til Datatilsynet hvis du mener vi behandler personopplysninger i strid med reglene.',
    changedAt: norwegianTime('nb-NO'),
  },
  nn: {
    title: (site) => `Personvern: «Fann du det du leita etter?» på ${site}`,
    headings: {
      collected: 'Dette lagrar vi',
      notCollected: 'Dette lagrar vi ikkje',
      purpose: 'Kvifor',
      retention: 'Kor lenge',
      processing: 'Kven som behandlar opplysningane',
      rights: 'Rettane dine',
      complaint: 'Klage',
      controller: 'Behandlingsansvarleg',
      contact: 'Kontakt',
      dpo: 'Personvernombod',
      legalBasis: 'Rettsleg grunnlag',
      logs: 'Loggar',
      lastChanged: 'Sist endra',
    },
    answer: 'Svaret ditt: ja eller nei.',
    page: 'Kva side du svarte på: adressa utan det som står etter «?» og «#», som kan innehalde personopplysningar.',
    timeAndLanguage: 'Tidspunktet og språket (bokmål, nynorsk eller engelsk).',
    comment:
      'Kommentaren din, om du skriv ein. Før han blir lagra, fjernar vi namn, gateadresser, bilnummer, ' +
      'fødselsnummer, D-nummer og andre personnummer, telefonnummer, e-postadresser og kontonummer.',
    addressTruncated:
      'Ei forkorta IP-adresse: dei tre første delane av ei IPv4-adresse eller dei første 48 bitane av ei ' +
      'IPv6-adresse. Ho peikar ut eit område, ikkje deg.',
    addressNone: 'Ingen del av IP-adressa di.',
    noCookies: 'Ingen informasjonskapslar (cookies), og ingenting blir lagra i nettlesaren din.',
    notFullAddress: 'Ikkje heile IP-adressa di.',
    notAddress: 'Ikkje IP-adressa di.',
    rateLimitKey:
      'For å stoppe misbruk tel vi innsendingar med ein nøkkel laga av IP-adressa og eit tilfeldig tal som blir bytt ' +
      'kvar dag og sletta etter to døgn. Nøkkelen kan ikkje førast tilbake til adressa.',
    purpose: (site) =>
      `Å finne sider på ${site} som ikkje gir folk svar, og gjere dei betre. Svara blir berre brukte til dette.`,
    commentsErasedNext:
      'Kommentarar blir sletta ved neste daglege sletting. Svaret (ja/nei), sida og tidspunktet blir tekne vare på ' +
      'som statistikk.',
    commentsErasedAfter: (days) =>
      `Kommentarar blir sletta etter ${days} dagar. Svaret (ja/nei), sida og tidspunktet blir tekne vare på som ` +
      `statistikk utan kommentaren.`,
    processing: (controller, host) =>
      `${controller} er behandlingsansvarleg. Redaktørane som har ansvar for sidene les svara. Tenesta (fantdu) ` +
      `køyrer på ${host}.`,
    legalBasis: {
      'public-task': (controller) =>
        'Vi behandlar svara fordi det er naudsynt for å utføre ei oppgåve i ålmenta si interesse. ' +
        `${controller} har plikt til å gi innbyggjarane god informasjon og rettleiing (kommunelova § 4-1 og ` +
        'forvaltningslova § 11). Grunnlaget er personvernforordninga artikkel 6 nr. 1 bokstav e (GDPR art. 6(1)(e)).',
      consent: () =>
        'Vi behandlar svara fordi du samtykkjer: du vel sjølv om du vil svare. Grunnlaget er ' +
        'personvernforordninga artikkel 6 nr. 1 bokstav a (GDPR art. 6(1)(a)). Du kan når som helst trekkje ' +
        'samtykket tilbake. Svara er anonyme, så vi veit ikkje kva svar som er ditt. Be oss difor slette det, og ' +
        'fortel kva du skreiv og omtrent når. Det vi gjorde med svaret før du trekte samtykket tilbake, er likevel ' +
        'lovleg.',
      'legitimate-interest': (controller) =>
        `Vi behandlar svara fordi ${controller} har ei berettiga interesse i å gjere nettsidene betre. ` +
        'Grunnlaget er personvernforordninga artikkel 6 nr. 1 bokstav f (GDPR art. 6(1)(f)). Vi har vege denne ' +
        'interessa mot personvernet ditt, og ho veg tyngst fordi vi ikkje lagrar kven du er og fjernar ' +
        'personopplysningar frå kommentarane.',
    },
    processors: (controller) =>
      `${controller} brukar databehandlarar til å drive tenesta. Dei kan berre bruke opplysningane slik ` +
      `${controller} bestemmer.`,
    noProcessors: (controller) => `${controller} driv tenesta sjølv, utan databehandlar.`,
    hosting: (place) => `Lagringsstad for opplysningane: ${place}.`,
    noHosting: 'Lagringsstad for opplysningane: ikkje oppgitt.',
    logs:
      'Tenesta sine eigne loggar inneheld ingen personopplysningar: inga IP-adresse, ingen kommentar og ikkje det ' +
      'som står etter «?» i ei adresse. Dei viser berre kva slags førespurnad det var, om han lukkast, og kor lang ' +
      'tid han tok.',
    access: 'Innsyn: du kan spørje kva vi har lagra.',
    correction:
      'Retting og sletting: du kan be oss rette eller slette ein kommentar. Vi veit ikkje kven som skreiv kva, så ' +
      'fortel oss kva du skreiv og omtrent når; då finn vi han og slettar han.',
    restriction:
      'Avgrensing: du kan be oss avgrense bruken av svaret ditt, til dømes medan vi ser på eit krav om retting.',
    objection:
      'Protest: du kan protestere mot at vi brukar svaret ditt. Fortel oss kva du skreiv og omtrent når, så ' +
      'slettar vi det.',
    withdrawal:
      'Protest: du kan når som helst trekkje samtykket tilbake. Fortel oss kva du skreiv og omtrent når, så ' +
      'slettar vi svaret.',
    complaint: 'Du kan klage til Datatilsynet dersom du meiner vi behandlar personopplysningar i strid med reglane.',
    changedAt: norwegianTime('nn-NO'),
  },
  en: {
    title: (site) => `Privacy: "Did you find what you were looking for?" on ${site}`,
    headings: {
      collected: 'What we store',
      notCollected: 'What we do not store',
      purpose: 'Why',
      retention: 'For how long',
      processing: 'Who processes it',
      rights: 'Your rights',
      complaint: 'Complaints',
      controller: 'Controller',
      contact: 'Contact',
      dpo: 'Data protection officer',
      legalBasis: 'Legal basis',
      logs: 'Logs',
      lastChanged: 'Last changed',
    },
    answer: 'Your answer: yes or no.',
    page: 'Which page you answered on: its address without what follows "?" and "#", which may contain personal data.',
    timeAndLanguage: 'The time and the language (Bokmål, Nynorsk or English).',
    comment:
      'Your comment, if you write one. Before it is stored, we remove names, street addresses, vehicle ' +
      'registrations, national identity numbers (fødselsnummer, D-numbers and the like), phone numbers, e-mail ' +
      'addresses and bank account numbers.',
    addressTruncated:
      'A shortened IP address: the first three parts of an IPv4 address or the first 48 bits of an IPv6 address. It ' +
      'points to an area, not to you.',
    addressNone: 'No part of your IP address.',
    noCookies: 'No cookies, and nothing is stored in your browser.',
    notFullAddress: 'Not your full IP address.',
    notAddress: 'Not your IP address.',
    rateLimitKey:
      'To stop abuse we count posts with a key made from the IP address and a random number that changes every day ' +
      'and is deleted after two days. The key cannot be traced back to the address.',
    purpose: (site) =>
      `To find pages on ${site} that do not give people answers, and to make them better. The answers are used for ` +
      `nothing else.`,
    commentsErasedNext:
      'Comments are erased at the next daily erasure. The answer (yes/no), the page and the time are kept as ' +
      'statistics.',
    commentsErasedAfter: (days) =>
      `Comments are erased after ${days} days. The answer (yes/no), the page and the time are kept as statistics, ` +
      `without the comment.`,
    processing: (controller, host) =>
      `${controller} is the controller. The editors responsible for the pages read the answers. The service (fantdu) ` +
      `runs at ${host}.`,
    legalBasis: {
      'public-task': (controller) =>
        'We process the answers because it is necessary for a task carried out in the public interest. ' +
        `${controller} has a duty to give residents good information and guidance (the Local Government Act ` +
        'section 4-1 and the Public Administration Act section 11). The basis is Article 6(1)(e) of the General Data ' +
        'Protection Regulation (GDPR).',
      consent: () =>
        'We process the answers because you consent: you choose whether to answer. The basis is Article 6(1)(a) of ' +
        'the General Data Protection Regulation (GDPR). You may withdraw your consent at any time. The answers are ' +
        'anonymous, so we do not know which answer is yours. Ask us to erase it, and tell us what you wrote and ' +
        'roughly when. What we did with the answer before you withdrew your consent remains lawful.',
      'legitimate-interest': (controller) =>
        `We process the answers because ${controller} has a legitimate interest in making the web pages better. ` +
        'The basis is Article 6(1)(f) of the General Data Protection Regulation (GDPR). We have weighed this ' +
        'interest against your privacy, and it weighs more because we do not store who you are and we remove ' +
        'personal data from comments.',
    },
    processors: (controller) =>
      `${controller} uses data processors to run the service. They may use the data only as ${controller} ` +
      'instructs.',
    noProcessors: (controller) => `${controller} runs the service itself, without a data processor.`,
    hosting: (place) => `Where the data is kept: ${place}.`,
    noHosting: 'Where the data is kept: not stated.',
    logs:
      'The service\'s own logs hold no personal data: no IP address, no comment and nothing that follows "?" in an ' +
      'address. They show only what kind of request it was, whether it succeeded and how long it took.',
    access: 'Access: you may ask what we have stored.',
    correction:
      'Rectification and erasure: you may ask us to correct or erase a comment. We do not know who wrote what, so ' +
      'tell us what you wrote and roughly when; we will find it and erase it.',
    restriction:
      'Restriction: you may ask us to restrict the use of your answer, for example while we look at a request for ' +
      'rectification.',
    objection:
      'Objection: you may object to our use of your answer. Tell us what you wrote and roughly when, and we will ' +
      'erase it.',
    withdrawal:
      'Objection: you may withdraw your consent at any time. Tell us what you wrote and roughly when, and we will ' +
      'erase the answer.',
    complaint:
      'You may complain to Datatilsynet, the Norwegian Data Protection Authority, if you believe we process personal ' +
      'data against the rules.',
    changedAt: (at) =>
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(at),
  },
};

/** The statement for one site in one language, made from the running configuration: all but its date. */
export function statementContent(site: Site, config: StatementConfig, lang: Lang): StatementContent {
  const t = sentences[lang];
  const controller = site.controller ?? site.name;
  const truncated = config.ipMode === 'truncate';
  const place = site.hosting?.replace(/\.$/, '');
  return {
    lang,
    site: { id: site.id, name: site.name },
    title: t.title(site.name),
    controller: { name: controller, contact: site.contact, dpo: site.dpo },
    headings: t.headings,
    collected: [t.answer, t.page, t.timeAndLanguage, t.comment, truncated ? t.addressTruncated : t.addressNone],
    notCollected: [t.noCookies, truncated ? t.notFullAddress : t.notAddress, t.rateLimitKey],
    purpose: t.purpose(site.name),
    legalBasis: {
      basis: site.legalBasis,
      article: articles[site.legalBasis],
      text: t.legalBasis[site.legalBasis](controller),
    },
    retention: {
      commentDays: config.retentionDays,
      text: config.retentionDays === 0 ? t.commentsErasedNext : t.commentsErasedAfter(config.retentionDays),
    },
    processing: t.processing(controller, new URL(config.publicUrl).host),
    processors: {
      names: site.processors,
      text: site.processors.length ? t.processors(controller) : t.noProcessors(controller),
    },
    hosting: { place: site.hosting, text: place ? t.hosting(place) : t.noHosting },
    logs: t.logs,
    rights: [t.access, t.correction, t.restriction, site.legalBasis === 'consent' ? t.withdrawal : t.objection],
    complaint: { authority: 'Datatilsynet', url: 'https://www.datatilsynet.no', text: t.complaint },
    configuration: {
      ipMode: config.ipMode,
      retentionDays: config.retentionDays,
      cookies: false,
      browserStorage: false,
    },
  };
}

/** The statement with the time its content last changed. */
export function privacyStatement(content: StatementContent, changedAt: Date): PrivacyStatement {
  return {
    ...content,
    lastChanged: { at: changedAt.toISOString(), text: sentences[content.lang].changedAt(changedAt) },
  };
}
