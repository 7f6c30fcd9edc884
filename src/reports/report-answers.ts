import { z } from 'zod';
import type { AuditItem } from '../audit/audit-log.ts';
import { change } from '../changes/change-answers.ts';
import { REDACTION_KINDS } from '../privacy/scrub.ts';
import type { TermItem } from '../terms/terms-service.ts';
import { themeMembership } from '../themes/theme-answers.ts';
import { count, lang, status, uuidText } from '../values.ts';
import type { FeedbackItem, PageRow } from './report.ts';
import type { ReportService } from './report-service.ts';

/** What the report routes answer (described in GET /api/v1/openapi.json; a test holds real answers to it). */

const time = z.iso.datetime();
const next = z.string().nullable().meta({ description: 'The cursor of the next page, or null at the end.' });

/** A page's answers over the range: "yes", "no", both, and those with a comment. */
const pageCounts = { path: z.string(), yes: count, no: count, total: count, comments: count };

export const pageRow = z
  .strictObject({
    ...pageCounts,
    lastAt: time.meta({ description: 'When the last answer in the range came.' }),
    views: count,
    noPer1000: z
      .number()
      .min(0)
      .nullable()
      .meta({ description: '"No" per 1000 views, one decimal; null without views.' }),
  })
  .meta({
    id: 'PageRow',
    description: 'A page with answers in the range, and its counts.',
  }) satisfies z.ZodType<PageRow>;

export const pageList = z.strictObject({ items: z.array(pageRow), next });

export const pageSummary = z
  .strictObject({
    ...pageCounts,
    views: count,
    series: z.array(
      z.strictObject({
        start: z.iso.date().meta({ description: "The bucket's first day." }),
        yes: count,
        no: count,
        views: count,
      }),
    ),
    changes: z.array(change).meta({ description: "The page's changes in the range, to mark on its trend." }),
  })
  .meta({ id: 'PageSummary' }) satisfies z.ZodType<Awaited<ReturnType<ReportService['pageSummary']>>>;

export const feedbackItem = z
  .strictObject({
    id: uuidText,
    path: z.string(),
    found: z.boolean(),
    comment: z.string().nullable().meta({ description: 'As scrubbed: each removal a token naming its kind.' }),
    redactions: z.array(z.enum(REDACTION_KINDS)).meta({ description: 'The kinds of personal data removed.' }),
    status,
    lang: lang.nullable(),
    createdAt: time,
    themes: z.array(themeMembership),
  })
  .meta({ id: 'Feedback', description: 'One answer.' }) satisfies z.ZodType<FeedbackItem>;

export const feedbackList = z.strictObject({ items: z.array(feedbackItem), next });
export const statusChanged = z.strictObject({ id: uuidText, status });

export const termList = z.strictObject({
  comments: count.meta({ description: 'The comments of the filters.' }),
  items: z.array(
    z.strictObject({
      term: z.string().meta({ description: 'As people write it most often.' }),
      comments: count,
      no: count,
      previous: count.optional().meta({ description: 'With compare=previous: the count in the period before.' }),
    }) satisfies z.ZodType<TermItem>,
  ),
});

export const auditList = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      at: time,
      actor: z.string().meta({ description: "A user's e-mail, token:NAME, cli or unknown." }),
      action: z.string(),
      target: z.string().nullable(),
      details: z
        .record(z.string(), z.unknown())
        .meta({ description: 'What else is worth knowing; never comment text.' }),
    }) satisfies z.ZodType<AuditItem>,
  ),
  next,
});
