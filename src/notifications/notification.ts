/** How often a person gets a digest of what they watch. */
export const digests = ['off', 'daily', 'weekly'] as const;
export type Digest = (typeof digests)[number];

/** What a person chose to be told: a digest, and alerts on the pages they watch. */
export interface Preferences {
  digest: Digest;
  alerts: boolean;
}

/** A watched page (`path`) or every page under a path (`pathPrefix`). */
export type Watch = { path: string } | { pathPrefix: string };
