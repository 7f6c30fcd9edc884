import { Invalid } from '../errors.ts';
import type { AuditEntry, AuditItem, AuditStore } from './audit-store.ts';

export type { AuditEntry, AuditItem };

const invalidCursor = () => Invalid.field('cursor', 'is not valid', 'The cursor is not one this service gave out.');

/** Who did what when: logins, exports, status changes, deletions, users and tokens made and revoked. */
export class AuditLog {
  constructor(private readonly store: AuditStore) {}

  record(...entries: AuditEntry[]): Promise<void> {
    return this.store.insert(entries);
  }

  /**
   * A page of a site's entries, newest first; `next` is the cursor of the page after, or null at the end. A cursor
   * is the id of the entry to continue after, a whole number within what ids reach.
   */
  async page(
    siteId: string,
    options: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: AuditItem[]; next: string | null }> {
    const before = options.cursor || undefined;
    if (before !== undefined && !/^[1-9]\d{0,14}$/.test(before)) throw invalidCursor();
    const items = await this.store.list(siteId, { limit: options.limit + 1, before });
    const shown = items.slice(0, options.limit);
    return { items: shown, next: items.length > options.limit ? (shown.at(-1)?.id ?? null) : null };
  }
}
