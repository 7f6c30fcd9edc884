import type { Lang, Role } from '../values.ts';

/** Who is asking, and which sites they may see with which role. */
export interface Credential {
  /** For the audit log: the user's e-mail or `token:NAME`. */
  actor: string;
  userId: string | null;
  /** Set for a logged-in user (the hash of the session id); null for an API token. */
  sessionIdHash: string | null;
  sites: ReadonlyMap<string, Role>;
  /** The language a logged-in user reads /admin and their mails in; an API token has none. */
  lang?: Lang;
}

/** How long a login lasts. */
export const sessionHours = 12;
