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
}
