import type { Lang } from '../intake/feedback-schema.ts';

/** Every word a citizen sees, in bokmål, nynorsk and English. */
export const texts = {
  nb: {
    question: 'Fant du det du lette etter?',
    yes: 'Ja',
    no: 'Nei',
    commentAfterNo: 'Hva forsøkte du å finne?',
    commentAfterYes: 'Hva var nyttig?',
    hint: 'Du får ikke svar her. Ikke skriv personopplysninger, som navn, telefonnummer eller fødselsnummer.',
    send: 'Send',
    thanks: 'Takk for svaret!',
    thanksComment: 'Takk for tilbakemeldingen!',
    back: 'Tilbake til siden',
    title: 'Tilbakemelding',
  },
  nn: {
    question: 'Fann du det du leita etter?',
    yes: 'Ja',
    no: 'Nei',
    commentAfterNo: 'Kva prøvde du å finne?',
    commentAfterYes: 'Kva var nyttig?',
    hint: 'Du får ikkje svar her. Ikkje skriv personopplysningar, som namn, telefonnummer eller fødselsnummer.',
    send: 'Send',
    thanks: 'Takk for svaret!',
    thanksComment: 'Takk for tilbakemeldinga!',
    back: 'Tilbake til sida',
    title: 'Tilbakemelding',
  },
  en: {
    question: 'Did you find what you were looking for?',
    yes: 'Yes',
    no: 'No',
    commentAfterNo: 'What were you trying to find?',
    commentAfterYes: 'What was helpful?',
    hint: 'You will not get a reply here. Do not write personal information, such as names, phone numbers or national ID numbers.',
    send: 'Send',
    thanks: 'Thank you for your answer!',
    thanksComment: 'Thank you for your feedback!',
    back: 'Back to the page',
    title: 'Feedback',
  },
} as const satisfies Record<Lang, Record<string, string>>;
