import type { Config } from '../config.ts';
import type { Lang } from '../values.ts';
import type { Site } from '../sites/site-store.ts';

/** The running configuration the statement is made from: each sentence below is true because the code does it. */
export type StatementConfig = Pick<Config, 'ipMode' | 'retentionDays' | 'auditRetentionDays' | 'publicUrl'>;

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
  headings: Record<'collected' | 'notCollected' | 'purpose' | 'retention' | 'processing' | 'rights' | 'complaint' | 'controller' | 'contact' | 'dpo', string>;
  configuration: { ipMode: Config['ipMode']; retentionDays: number; cookies: false; browserStorage: false };
}

type Words = (site: Site, c: StatementConfig, controller: string) => Omit<PrivacyStatement, 'lang' | 'site' | 'controller' | 'configuration' | 'complaint'> & {
  complaint: string;
};

const nb: Words = (site, c, controller) => ({
  title: `Personvern: «Fant du det du lette etter?» på ${site.name}`,
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
  collected: [
    'Svaret ditt: ja eller nei.',
    'Hvilken side du svarte på: adressen uten det som står etter «?» og «#», som kan inneholde personopplysninger.',
    'Tidspunktet og språket (bokmål, nynorsk eller engelsk).',
    'Kommentaren din, hvis du skriver en. Før den lagres, fjerner vi fødselsnumre, D-numre og andre personnumre, telefonnumre, e-postadresser og kontonumre.',
    c.ipMode === 'truncate'
      ? 'En forkortet IP-adresse: de tre første delene av en IPv4-adresse eller de første 48 bitene av en IPv6-adresse. Den peker ut et område, ikke deg.'
      : 'Ingen del av IP-adressen din.',
  ],
  notCollected: [
    'Ingen informasjonskapsler (cookies), og ingenting lagres i nettleseren din.',
    c.ipMode === 'truncate' ? 'Ikke hele IP-adressen din.' : 'Ikke IP-adressen din.',
    'For å stoppe misbruk teller vi innsendinger med en nøkkel laget av IP-adressen og et tilfeldig tall som byttes hver dag og slettes etter to døgn. Nøkkelen kan ikke føres tilbake til adressen.',
  ],
  purpose: `Å finne sider på ${site.name} som ikke gir folk svar, og gjøre dem bedre. Svarene brukes bare til dette.`,
  retention: {
    commentDays: c.retentionDays,
    text:
      c.retentionDays === 0
        ? 'Kommentarer slettes ved neste daglige sletting. Svaret (ja/nei), siden og tidspunktet beholdes som statistikk.'
        : `Kommentarer slettes etter ${c.retentionDays} dager. Svaret (ja/nei), siden og tidspunktet beholdes som statistikk uten kommentaren.`,
  },
  processing: `${controller} er behandlingsansvarlig. Redaktørene som har ansvar for sidene leser svarene. Tjenesten (fantdu) kjøres på ${new URL(c.publicUrl).host}.`,
  rights: [
    'Innsyn: du kan spørre hva vi har lagret.',
    'Retting og sletting: du kan be oss rette eller slette en kommentar. Vi vet ikke hvem som skrev hva, så fortell oss hva du skrev og omtrent når; da finner vi den og sletter den.',
  ],
  complaint: 'Du kan klage til Datatilsynet hvis du mener vi behandler personopplysninger i strid med reglene.',
});

const nn: Words = (site, c, controller) => ({
  title: `Personvern: «Fann du det du leita etter?» på ${site.name}`,
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
  collected: [
    'Svaret ditt: ja eller nei.',
    'Kva side du svarte på: adressa utan det som står etter «?» og «#», som kan innehalde personopplysningar.',
    'Tidspunktet og språket (bokmål, nynorsk eller engelsk).',
    'Kommentaren din, om du skriv ein. Før han blir lagra, fjernar vi fødselsnummer, D-nummer og andre personnummer, telefonnummer, e-postadresser og kontonummer.',
    c.ipMode === 'truncate'
      ? 'Ei forkorta IP-adresse: dei tre første delane av ei IPv4-adresse eller dei første 48 bitane av ei IPv6-adresse. Ho peikar ut eit område, ikkje deg.'
      : 'Ingen del av IP-adressa di.',
  ],
  notCollected: [
    'Ingen informasjonskapslar (cookies), og ingenting blir lagra i nettlesaren din.',
    c.ipMode === 'truncate' ? 'Ikkje heile IP-adressa di.' : 'Ikkje IP-adressa di.',
    'For å stoppe misbruk tel vi innsendingar med ein nøkkel laga av IP-adressa og eit tilfeldig tal som blir bytt kvar dag og sletta etter to døgn. Nøkkelen kan ikkje førast tilbake til adressa.',
  ],
  purpose: `Å finne sider på ${site.name} som ikkje gir folk svar, og gjere dei betre. Svara blir berre brukte til dette.`,
  retention: {
    commentDays: c.retentionDays,
    text:
      c.retentionDays === 0
        ? 'Kommentarar blir sletta ved neste daglege sletting. Svaret (ja/nei), sida og tidspunktet blir tekne vare på som statistikk.'
        : `Kommentarar blir sletta etter ${c.retentionDays} dagar. Svaret (ja/nei), sida og tidspunktet blir tekne vare på som statistikk utan kommentaren.`,
  },
  processing: `${controller} er behandlingsansvarleg. Redaktørane som har ansvar for sidene les svara. Tenesta (fantdu) køyrer på ${new URL(c.publicUrl).host}.`,
  rights: [
    'Innsyn: du kan spørje kva vi har lagra.',
    'Retting og sletting: du kan be oss rette eller slette ein kommentar. Vi veit ikkje kven som skreiv kva, så fortel oss kva du skreiv og omtrent når; då finn vi han og slettar han.',
  ],
  complaint: 'Du kan klage til Datatilsynet dersom du meiner vi behandlar personopplysningar i strid med reglane.',
});

const en: Words = (site, c, controller) => ({
  title: `Privacy: "Did you find what you were looking for?" on ${site.name}`,
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
  collected: [
    'Your answer: yes or no.',
    'Which page you answered on: its address without what follows "?" and "#", which may contain personal data.',
    'The time and the language (Bokmål, Nynorsk or English).',
    'Your comment, if you write one. Before it is stored, we remove national identity numbers (fødselsnummer, D-numbers and the like), phone numbers, e-mail addresses and bank account numbers.',
    c.ipMode === 'truncate'
      ? 'A shortened IP address: the first three parts of an IPv4 address or the first 48 bits of an IPv6 address. It points to an area, not to you.'
      : 'No part of your IP address.',
  ],
  notCollected: [
    'No cookies, and nothing is stored in your browser.',
    c.ipMode === 'truncate' ? 'Not your full IP address.' : 'Not your IP address.',
    'To stop abuse we count posts with a key made from the IP address and a random number that changes every day and is deleted after two days. The key cannot be traced back to the address.',
  ],
  purpose: `To find pages on ${site.name} that do not give people answers, and to make them better. The answers are used for nothing else.`,
  retention: {
    commentDays: c.retentionDays,
    text:
      c.retentionDays === 0
        ? 'Comments are erased at the next daily erasure. The answer (yes/no), the page and the time are kept as statistics.'
        : `Comments are erased after ${c.retentionDays} days. The answer (yes/no), the page and the time are kept as statistics, without the comment.`,
  },
  processing: `${controller} is the controller. The editors responsible for the pages read the answers. The service (fantdu) runs at ${new URL(c.publicUrl).host}.`,
  rights: [
    'Access: you may ask what we have stored.',
    'Rectification and erasure: you may ask us to correct or erase a comment. We do not know who wrote what, so tell us what you wrote and roughly when; we will find it and erase it.',
  ],
  complaint: 'You may complain to Datatilsynet, the Norwegian Data Protection Authority, if you believe we process personal data against the rules.',
});

const words: Record<Lang, Words> = { nb, nn, en };

export function privacyStatement(site: Site, config: StatementConfig, lang: Lang): PrivacyStatement {
  const controller = site.controller ?? site.name;
  const { complaint, ...text } = words[lang](site, config, controller);
  return {
    lang,
    site: { id: site.id, name: site.name },
    controller: { name: controller, contact: site.contact, dpo: site.dpo },
    ...text,
    complaint: { authority: 'Datatilsynet', url: 'https://www.datatilsynet.no', text: complaint },
    configuration: { ipMode: config.ipMode, retentionDays: config.retentionDays, cookies: false, browserStorage: false },
  };
}
