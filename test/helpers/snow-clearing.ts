import { readFileSync } from 'node:fs';

/**
 * A theme with no words of its own, "Brøyting" (snow clearing): eight comments an editor put in it, four new ones
 * like them and four unrelated (snow-clearing.json). The unit test of the model, the API test of suggestions and
 * `npm run bench:parts` all learn from these.
 */
export const snowClearing: { chosen: string[]; similar: string[]; unrelated: string[] } = JSON.parse(
  readFileSync(new URL('snow-clearing.json', import.meta.url), 'utf8'),
);
