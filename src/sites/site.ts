/** Why a site may process the answers (GDPR article 6(1)): a task in the public interest, consent, or an interest. */
export const legalBases = ['public-task', 'consent', 'legitimate-interest'] as const;
export type LegalBasis = (typeof legalBases)[number];
export const isLegalBasis = (value: unknown): value is LegalBasis => legalBases.includes(value as LegalBasis);

/** A website whose pages carry the question: its id, name, the origins it may post from, and who answers for it. */
export interface Site {
  id: string;
  name: string;
  origins: string[];
  /** Who the privacy statement names as controller (the municipality), where citizens write, and the DPO. */
  controller: string | null;
  contact: string | null;
  dpo: string | null;
  /** Whether mails and webhooks may carry the (scrubbed) comments: off unless the site turns it on. */
  commentsInNotifications: boolean;
  /** What else the statement names: the legal basis, who runs the service for the controller, where data is kept. */
  legalBasis: LegalBasis;
  processors: string[];
  hosting: string | null;
  /** When the statement's content last changed, and a digest of that content (null: not made since a change). */
  statementChangedAt: Date;
  statementHash: string | null;
}

/** The settings a site's privacy statement states: a change to one of them changes the statement. */
export const statedSettings = [
  'name',
  'controller',
  'contact',
  'dpo',
  'legalBasis',
  'processors',
  'hosting',
] as const satisfies readonly (keyof Site)[];
