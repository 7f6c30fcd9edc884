import { z } from 'zod';
import { count } from '../values.ts';
import type { ThemeCount, ThemeMembership } from './theme.ts';

/** What the theme routes answer (described in GET /api/v1/openapi.json; a test holds real answers to it). */

export const themeMembership = z
  .strictObject({
    id: z.string().meta({ description: "The theme's id." }),
    by: z.enum(['words', 'editor', 'suggestion']).meta({
      description: "What put the comment in the theme: the theme's words, an editor, or fantdu's suggestion.",
    }),
  })
  .meta({ id: 'ThemeMembership' }) satisfies z.ZodType<ThemeMembership>;

export const themeCount = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    words: z.array(z.string()),
    builtin: z.boolean().meta({ description: 'A built-in theme (feil, sporsmal) can be changed, not deleted.' }),
    comments: count.meta({ description: 'Comments of the filters in the theme.' }),
    no: count.meta({ description: 'Of those, the comments on a "no".' }),
  })
  .meta({ id: 'Theme' }) satisfies z.ZodType<ThemeCount>;

export const themeList = z.strictObject({ items: z.array(themeCount) });
export const createdTheme = z.strictObject({ id: z.string() });
