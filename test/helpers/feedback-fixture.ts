import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { systemClock } from '../../src/clock.ts';
import type { Db } from '../../src/db.ts';
import type { NewFeedback } from '../../src/intake/feedback-store.ts';
import { createLogger } from '../../src/log.ts';
import { scrub } from '../../src/privacy/scrub.ts';
import { createStores, type Stores } from '../../src/services.ts';
import type { Lang } from '../../src/values.ts';
import { testConfig } from './test-app.ts';

/** One answer a test needs: where, when, what; the rest as a citizen's post would have it. */
export interface FeedbackSeed {
  site: string;
  path: string;
  found: boolean;
  /** As typed: it is scrubbed as the intake would, and its kinds become `redactions`. */
  comment?: string | undefined;
  /** Stored as given instead, as an older scrubber may have left it (for rescrubbing). */
  unscrubbed?: boolean;
  at: Date | string;
  id?: string;
  lang?: Lang;
}

/** The stores of a test database, for tests that seed or read without an app. */
export function storesOf(db: Db): Stores {
  return createStores(db, testConfig(), systemClock, createLogger('silent', pino.destination('/dev/null')));
}

/**
 * The one way tests seed feedback: through FeedbackStore, the intake's own write (group commit, the read models kept
 * by the same statement), at the time each seed names. Answers the ids, in the order given.
 */
export async function seedFeedback(stores: Stores, seeds: readonly FeedbackSeed[]): Promise<string[]> {
  const rows: NewFeedback[] = seeds.map((seed) => {
    const createdAt = new Date(seed.at);
    const scrubbed =
      seed.comment === undefined
        ? undefined
        : seed.unscrubbed
          ? { text: seed.comment, redactions: [] }
          : scrub(seed.comment);
    return {
      id: seed.id ?? randomUUID(),
      siteId: seed.site,
      path: seed.path,
      found: seed.found,
      comment: scrubbed?.text ?? null,
      redactions: scrubbed?.redactions ?? [],
      lang: seed.lang ?? null,
      clientAddress: null,
      createdAt,
      // Seeds are all meant to be stored, the same words on the same page too.
      sameCommentSince: new Date('9999-12-31T00:00:00Z'),
    };
  });
  const outcomes = [];
  // In chunks, as the intake's queue takes at most 10 000 waiting posts.
  for (let at = 0; at < rows.length; at += 5000)
    outcomes.push(...(await Promise.all(rows.slice(at, at + 5000).map((row) => stores.feedback.insert(row)))));
  const refused = outcomes.findIndex((o) => o.kind !== 'inserted');
  if (refused >= 0) throw new Error(`seed ${refused} was not stored: ${outcomes[refused]?.kind}`);
  return rows.map((row) => row.id);
}
