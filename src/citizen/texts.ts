import type { Lang } from '../values.ts';

/** Every word a citizen sees, in bokmål, nynorsk and English. */
export const texts = {
  nb: {
    question: 'Fant du det du lette etter?',
    yes: 'Ja',
    no: 'Nei',
    commentAfterNo: 'Hva forsøkte du å finne?',
    commentAfterYes: 'Hva var nyttig?',
    hint:
      'Du får ikke svar her. Ikke skriv personopplysninger: navn, adresser, telefonnumre og fødselsnumre fjernes før ' +
      'svaret lagres.',
    send: 'Send',
    thanks: 'Takk for svaret!',
    thanksComment: 'Takk for tilbakemeldingen!',
    back: 'Tilbake til siden',
    title: 'Tilbakemelding',
    failed: 'Beklager, svaret kom ikke fram. Prøv igjen senere.',
    notThrough: 'Beklager, svaret kom ikke fram.',
    tryAgain: 'Prøv igjen',
    tooMany: 'Du har sendt mange svar på kort tid. Prøv igjen senere.',
    privacy: 'Slik behandler vi svarene',
  },
  nn: {
    question: 'Fann du det du leita etter?',
    yes: 'Ja',
    no: 'Nei',
    commentAfterNo: 'Kva prøvde du å finne?',
    commentAfterYes: 'Kva var nyttig?',
    hint:
      'Du får ikkje svar her. Ikkje skriv personopplysningar: namn, adresser, telefonnummer og fødselsnummer blir ' +
      'fjerna før svaret blir lagra.',
    send: 'Send',
    thanks: 'Takk for svaret!',
    thanksComment: 'Takk for tilbakemeldinga!',
    back: 'Tilbake til sida',
    title: 'Tilbakemelding',
    failed: 'Orsak, svaret kom ikkje fram. Prøv igjen seinare.',
    notThrough: 'Orsak, svaret kom ikkje fram.',
    tryAgain: 'Prøv igjen',
    tooMany: 'Du har sendt mange svar på kort tid. Prøv igjen seinare.',
    privacy: 'Slik behandlar vi svara',
  },
  en: {
    question: 'Did you find what you were looking for?',
    yes: 'Yes',
    no: 'No',
    commentAfterNo: 'What were you trying to find?',
    commentAfterYes: 'What was helpful?',
    hint:
      'You will not get a reply here. Do not write personal information: names, addresses, phone numbers and ID ' +
      'numbers are removed before your answer is stored.',
    send: 'Send',
    thanks: 'Thank you for your answer!',
    thanksComment: 'Thank you for your feedback!',
    back: 'Back to the page',
    title: 'Feedback',
    failed: 'Sorry, your answer did not get through. Please try again later.',
    notThrough: 'Sorry, your answer did not get through.',
    tryAgain: 'Try again',
    tooMany: 'You have sent many answers in a short time. Please try again later.',
    privacy: 'How we handle your answers',
  },
} as const satisfies Record<Lang, Record<string, string>>;
