import { z } from 'zod';
import type { FieldError } from '../errors.ts';
import { fieldErrors, type Lang, lang, siteId, uuid, uuidText, yesNo } from '../values.ts';

/** What a citizen's post says, checked and tidied; nothing here is stored yet. */
export interface FeedbackPost {
  id: string | undefined;
  site: string;
  url: URL;
  found: boolean;
  comment: string | undefined;
  lang: Lang | undefined;
  honeypot: boolean;
}

/** The URL a text is, parsed once (URL.canParse and then new URL would parse every page's address twice). */
function urlOf(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A page's address: an absolute http(s) URL. */
export const pageUrl = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .meta({
    format: 'uri',
    description: "The page's absolute http(s) address; only its path is kept.",
    examples: ['https://www.sandnes.kommune.no/skole/skoleskyss/'],
  })
  .transform((s, ctx) => {
    const url = urlOf(s.trim());
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url;
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
    return z.NEVER;
  });

/** Text as typed, made safe to store: well-formed Unicode, no control characters but line breaks and tabs. */
export const commentText = z
  .string()
  .meta({ description: 'At most 1000 characters after trimming; personal data is removed before it is stored.' })
  .transform((s) =>
    s
      .toWellFormed()
      .replace(/\r\n?/g, '\n')
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .trim(),
  )
  // Characters as people count them (code points); a text of at most 1000 UTF-16 units holds no more of them.
  .refine((s) => s.length <= 1000 || [...s].length <= 1000, 'must be at most 1000 characters');

const fields = {
  id: uuid
    .optional()
    .meta({ description: "Made by the client: the post's id, so that a retry or a comment follows it." }),
  site: siteId,
  url: pageUrl,
  comment: z.union([commentText, z.null()]).optional(),
  lang: lang.optional(),
  website: z.unknown().optional().meta({ description: 'A field for bots: empty or absent.' }),
};

/** A post as JSON, and as a form (where every value is text, `found` yes/no, ja/nei or true/false). */
export const jsonPost = z.object({ ...fields, found: z.boolean('must be true or false') });
export const formPost = z.object({
  ...fields,
  id: z.union([z.literal(''), uuid]).optional(),
  comment: commentText.optional(),
  lang: z.union([z.literal(''), fields.lang.unwrap()]).optional(),
  found: yesNo,
});

/** What a stored (or replayed) JSON post is answered with. */
export const receipt = z.strictObject({ id: uuidText });

export function parseFeedbackPost(
  body: unknown,
  kind: 'json' | 'form',
): { ok: true; post: FeedbackPost } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: '', message: 'The body must be a JSON object or a form.' }] };
  }
  const result = (kind === 'json' ? jsonPost : formPost).safeParse(body);
  if (!result.success) return { ok: false, errors: fieldErrors(result.error) };
  const { id, site, url, found, comment, lang, website } = result.data;
  return {
    ok: true,
    post: {
      id: id || undefined,
      site,
      url,
      found,
      comment: comment || undefined,
      lang: lang || undefined,
      honeypot: website !== undefined && website !== null && website !== '',
    },
  };
}
