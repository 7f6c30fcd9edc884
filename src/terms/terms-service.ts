import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';
import { addDays, bucketCount, osloDay } from '../reports/oslo-dates.ts';
import type { FeedbackFilters } from '../reports/report.ts';
import type { TermsReadModel } from './terms-read-model.ts';

export interface TermItem {
  /** As people write it most often. */
  term: string;
  comments: number;
  no: number;
  /** The comments that used it in the period of equal length just before (with compare=previous). */
  previous?: number;
}

export class TermsService {
  constructor(
    private readonly reads: TermsReadModel,
    private readonly clock: Clock,
  ) {}

  /** The terms the comments under the filters use most; with `compare`, each one's count in the period before. */
  async terms(
    siteId: string,
    filters: FeedbackFilters,
    options: { limit: number; compare?: 'previous' | undefined },
  ): Promise<{ comments: number; items: TermItem[] }> {
    const found = await this.reads.top(siteId, filters, options.limit);
    const items: TermItem[] = found.items.map((t) => ({ term: t.form, comments: t.comments, no: t.no }));
    if (!options.compare) return { comments: found.comments, items };
    if (!filters.from)
      throw Invalid.field(
        'compare',
        'needs from',
        'compare=previous compares a period with the one before: give from.',
      );
    const to = filters.to ?? osloDay(this.clock());
    const days = Math.max(1, bucketCount(filters.from, to, 'day'));
    const before = { ...filters, from: addDays(filters.from, -days), to: addDays(filters.from, -1) };
    const previous = await this.reads.countsOf(
      siteId,
      before,
      found.items.map((t) => t.term),
    );
    return {
      comments: found.comments,
      items: items.map((item, i) => ({ ...item, previous: previous.get(found.items[i]?.term as string) ?? 0 })),
    };
  }
}
