import type { Config } from '../config.ts';
import type { Site } from '../sites/site.ts';
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
  | 'dpo';

export interface PrivacyStatement {
  lang: Lang;
  site: { id: string; name: string };
  title: string;
  controller: { name: string; contact: string | null; dpo: string | null };
  collected: string[];
  notCollected: string[];
  purpose: string;
  retention: { commentDays: number; text: string };
  processing: string;
  rights: string[];
  complaint: { authority: string; url: string; text: string };
  headings: Record<Heading, string>;
  configuration: { ipMode: Config['ipMode']; retentionDays: number; cookies: false; browserStorage: false };
}

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
  access: string;
  correction: string;
  complaint: string;
}

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
    access: 'Innsyn: du kan spørre hva vi har lagret.',
    correction:
      'Retting og sletting: du kan be oss rette eller slette en kommentar. Vi vet ikke hvem som skrev hva, så ' +
      'fortell oss hva du skrev og omtrent når; da finner vi den og sletter den.',
    complaint: 'Du kan klage til Datatilsynet hvis du mener vi behandler personopplysninger i strid med reglene.',
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
    access: 'Innsyn: du kan spørje kva vi har lagra.',
    correction:
      'Retting og sletting: du kan be oss rette eller slette ein kommentar. Vi veit ikkje kven som skreiv kva, så ' +
      'fortel oss kva du skreiv og omtrent når; då finn vi han og slettar han.',
    complaint: 'Du kan klage til Datatilsynet dersom du meiner vi behandlar personopplysningar i strid med reglane.',
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
    access: 'Access: you may ask what we have stored.',
    correction:
      'Rectification and erasure: you may ask us to correct or erase a comment. We do not know who wrote what, so ' +
      'tell us what you wrote and roughly when; we will find it and erase it.',
    complaint:
      'You may complain to Datatilsynet, the Norwegian Data Protection Authority, if you believe we process personal ' +
      'data against the rules.',
  },
};

/** The statement for one site in one language, made from the running configuration. */
export function privacyStatement(site: Site, config: StatementConfig, lang: Lang): PrivacyStatement {
  const t = sentences[lang];
  const controller = site.controller ?? site.name;
  const truncated = config.ipMode === 'truncate';
  return {
    lang,
    site: { id: site.id, name: site.name },
    title: t.title(site.name),
    controller: { name: controller, contact: site.contact, dpo: site.dpo },
    headings: t.headings,
    collected: [t.answer, t.page, t.timeAndLanguage, t.comment, truncated ? t.addressTruncated : t.addressNone],
    notCollected: [t.noCookies, truncated ? t.notFullAddress : t.notAddress, t.rateLimitKey],
    purpose: t.purpose(site.name),
    retention: {
      commentDays: config.retentionDays,
      text: config.retentionDays === 0 ? t.commentsErasedNext : t.commentsErasedAfter(config.retentionDays),
    },
    processing: t.processing(controller, new URL(config.publicUrl).host),
    rights: [t.access, t.correction],
    complaint: { authority: 'Datatilsynet', url: 'https://www.datatilsynet.no', text: t.complaint },
    configuration: {
      ipMode: config.ipMode,
      retentionDays: config.retentionDays,
      cookies: false,
      browserStorage: false,
    },
  };
}
