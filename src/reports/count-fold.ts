import type { Db } from '../db.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import type { Logger } from '../log.ts';

/**
 * Adds the answers the intake has noted since the last fold to the counts per page (page_days, page_months) and per
 * term (term_days, term_months, term_forms), and answers how many it added. Each read of those counts has it called
 * first (CountFolding.fresh), so that a report never misses an answer stored before it was asked for; with nothing
 * noted it is one look at an empty table. (fold_read_models: migrations/20261128120000_counts_folded.ts, as one
 * statement since 20261128160000_fold_one_statement.ts.) It answers -1, folding nothing, when for a second another
 * fold or a change to the counts held the way (a purge, a rescrub): the read then misses the answers noted meanwhile,
 * and the next fold adds them.
 */
export async function foldCounts(db: Db): Promise<number> {
  const { rows } = await db.raw<{ rows: { folded: number }[] }>('select fold_read_models() as folded');
  return rows[0]?.folded ?? 0;
}

/** How often the noted answers are folded when no one reads the counts. */
const foldEveryMs = 5000;

/**
 * The counts as the reads want them: fresh() folds what is noted before a read, and a timer folds every few seconds
 * and vacuums the note, so that it stays short between reads (the intake's batches only note their rows, and each
 * page's and term's day and month is counted once for all the answers it got meanwhile, not once per batch: README,
 * "Performance"). Reads never fold side by side in one instance: one asking while a fold is under way waits for it and
 * then for one more, which all who asked meanwhile share (so each sees what was stored before it asked, and a second
 * fold does not stand a second in the first one's lock). A fold that fails is logged and the read goes on with the
 * counts of the last fold; the noted rows stay for the next (only a database that cannot be reached fails the read).
 */
export class CountFolding {
  private timer: NodeJS.Timeout | undefined;
  /** The timer's fold and vacuum under way: a tick while it runs does nothing (vacuums would queue for one lock). */
  private ticking: Promise<void> | undefined;
  private folding: Promise<void> | undefined;
  private foldingNext: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  /** Folds the answers noted until now into the counts (see above). */
  fresh(): Promise<void> {
    if (!this.folding) {
      this.folding = this.foldOnce().finally(() => {
        this.folding = undefined;
      });
      return this.folding;
    }
    // After the fold under way, however it ended (a failed one must not leave its failure to every later caller).
    this.foldingNext ??= this.folding
      .catch(() => {})
      .then(() => {
        this.foldingNext = undefined;
        return this.fresh();
      });
    return this.foldingNext;
  }

  schedule(everyMs = foldEveryMs): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.ticking ??= this.foldAndVacuum().finally(() => {
        this.ticking = undefined;
      });
    }, everyMs);
    this.timer.unref();
  }

  /** Stops the timer and folds what is noted (before the database closes). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await this.foldAndVacuum();
  }

  private async foldOnce(): Promise<void> {
    try {
      await foldCounts(this.db);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      this.log.error({ err }, 'folding the counts failed; they miss the answers noted since the last fold');
    }
  }

  private async foldAndVacuum(): Promise<void> {
    try {
      await this.fresh();
      // Each fold leaves the rows it took dead, and every fold reads past them until a vacuum (autovacuum may be off,
      // and the embedded database has none): the note stays a few seconds' rows long.
      await this.db.raw('vacuum read_models_pending');
    } catch (err) {
      this.log.warn({ err }, 'folding the counts failed; the next read or fold tries again');
    }
  }
}
