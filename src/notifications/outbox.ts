/** A mail to one person: rendered once, when it is written to the outbox. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where the person turns this kind of mail off (signed; works without signing in). */
  unsubscribe: string;
}

/** A webhook's body, rendered once; the address, format and secret are the webhook's at the time it is sent. */
export interface WebhookPost {
  body: string;
}

/** What is written to the outbox: its key makes it once only (recipient, kind, and the period or alert). */
export type Message = { key: string; kind: 'digest' | 'alert'; siteId?: string; path?: string } & (
  | { channel: 'mail'; userId: string; mail: Mail }
  | { channel: 'webhook'; webhookId: string; post: WebhookPost }
);

/** A message taken for sending: until `claimedUntil` no other run sends it. */
export type Claimed = {
  id: string;
  key: string;
  kind: 'digest' | 'alert';
  attempts: number;
  /** This run's claim: the marks it makes hold only while the message is still its own. */
  claimedUntil: Date;
} & ({ channel: 'mail'; mail: Mail } | { channel: 'webhook'; webhookId: string; post: WebhookPost });
