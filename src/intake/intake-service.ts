import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { Conflict, Unavailable } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import { storableAddress } from '../privacy/ip.ts';
import { pagePath } from '../privacy/page-path.ts';
import { scrub } from '../privacy/scrub.ts';
import type { Site } from '../sites/site.ts';
import type { Suggester } from '../themes/suggester.ts';
import type { Expiry } from './deadline.ts';
import type { FeedbackPost } from './feedback-schema.ts';
import type { FeedbackStore, StoredAnswer } from './feedback-store.ts';

/** 201: stored as new; 200: already known (a replay, a comment added, or the same comment seen just now). */
export interface Receipt {
  status: 200 | 201;
  id: string;
}

const sameCommentWindowMs = 10 * 60 * 1000;

/**
 * The intake pipeline: page URL -> path, address -> what the mode allows, comment -> scrubbed,
 * then stored. Only the results of these steps leave this function.
 */
export class IntakeService {
  constructor(
    private readonly store: FeedbackStore,
    private readonly suggester: Suggester,
    private readonly config: Pick<Config, 'ipMode'>,
    private readonly metrics: Metrics,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores the post, under `id` when the client gave none. When `expiry` runs out before its batch is written, it is
   * not stored at all.
   */
  async submit(
    site: Site,
    post: FeedbackPost,
    clientAddress: string,
    options: { id?: string; expiry?: Expiry } = {},
  ): Promise<Receipt> {
    const now = this.clock();
    const path = pagePath(post.url);
    const scrubbed = post.comment === undefined ? undefined : scrub(post.comment);
    if (scrubbed)
      for (const [kind, count] of Object.entries(scrubbed.removals)) this.metrics.removals.inc({ kind }, count);
    const comment = scrubbed?.text ?? null;
    const id = post.id ?? options.id ?? randomUUID();

    const outcome = await this.store.insert(
      {
        id,
        siteId: site.id,
        path,
        found: post.found,
        comment,
        redactions: scrubbed?.redactions ?? [],
        lang: post.lang ?? null,
        clientAddress: storableAddress(clientAddress, this.config.ipMode),
        createdAt: now,
        sameCommentSince: new Date(now.getTime() - sameCommentWindowMs),
      },
      options.expiry,
    );
    if (outcome.kind === 'inserted') {
      this.metrics.feedbackStored.inc({ site: site.id });
      await this.suggester.suggestFor(site.id, [{ id, comment }]);
      return { status: 201, id };
    }
    // The same words on the same page just now: a double post or a bot. Acknowledged, stored once.
    if (outcome.kind === 'same') return { status: 200, id: post.id ?? outcome.earlier };
    return this.followUp(id, { siteId: site.id, path, found: post.found }, scrubbed, now, options.expiry);
  }

  /**
   * A post whose id is stored already: a replay, or the comment that follows a vote. Adding the comment is not begun
   * once `expiry` has run out: the client has been told 503, and its retry adds it (one begun just before may land
   * after the 503; the retry, with the same comment, is then answered 200).
   */
  private async followUp(
    id: string,
    answer: Omit<StoredAnswer, 'id' | 'comment'>,
    scrubbed: ReturnType<typeof scrub> | undefined,
    now: Date,
    expiry: Expiry | undefined,
  ): Promise<Receipt> {
    const stored = await this.store.findAnswer(id);
    if (!stored || stored.siteId !== answer.siteId || stored.path !== answer.path || stored.found !== answer.found) {
      throw new Conflict('A feedback with this id exists with another answer.');
    }
    if (!scrubbed || stored.comment === scrubbed.text) return { status: 200, id };
    if (stored.comment === null && expiry?.expired) throw new Unavailable();
    if (stored.comment === null && (await this.store.addComment(id, scrubbed.text, scrubbed.redactions, now))) {
      await this.suggester.suggestFor(answer.siteId, [{ id, comment: scrubbed.text }]);
      return { status: 200, id };
    }
    throw new Conflict('This feedback has a comment already.');
  }
}
