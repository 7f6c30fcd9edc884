import { z } from 'zod';
import { themeWordPattern } from '../terms/terms.ts';

/** What the theme routes accept. */

/**
 * Every comment stored is matched against every word of its site's themes (in the statement that stores it), so a
 * site's words are bounded: at most this many a theme, and `maxSiteWords` and `maxThemes` a site.
 */
export const maxThemeWords = 100;
export const maxSiteWords = 600;
export const maxThemes = 50;

const name = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
const word = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .refine((w) => themeWordPattern(w) !== undefined, 'must hold a word, or be ?');
const words = z
  .array(word, 'must be a list of words')
  .max(maxThemeWords, `must be at most ${maxThemeWords} words`)
  .transform((list) => [...new Set(list)]);

export const themeBody = z.object({ name, words: words.default([]) });
export const themePatch = z
  .object({ name: name.optional(), words: words.optional() })
  .refine((b) => b.name !== undefined || b.words !== undefined, 'must change name or words');
/** A theme's id: `feil`, `sporsmal`, or the one fantdu gave it. */
export const themeId = z
  .string()
  .max(100, 'is not a theme')
  .meta({ description: "A theme's id.", examples: ['feil'] });

export const feedbackThemesBody = z.object({
  themes: z
    .array(themeId, 'must be a list of theme ids')
    .max(100, 'must be at most 100 themes')
    .transform((list) => [...new Set(list)]),
});
