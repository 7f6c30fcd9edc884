import { z } from 'zod';
import { digests, type Preferences, type Watch } from './notification.ts';

/** What the notification routes answer (described in GET /api/v1/openapi.json; a test holds real answers to it). */

export const watch = z
  .union([
    z.strictObject({ path: z.string().meta({ description: 'One page.' }) }),
    z.strictObject({ pathPrefix: z.string().meta({ description: 'Every page under this path.' }) }),
  ])
  .meta({ id: 'Watch' }) satisfies z.ZodType<Watch>;

export const watchList = z.strictObject({ items: z.array(watch) });

export const preferences = z
  .strictObject({
    digest: z.enum(digests).meta({ description: 'A digest of what the person watches: never, daily or weekly.' }),
    alerts: z.boolean().meta({ description: 'A mail when a watched page alerts.' }),
  })
  .meta({ id: 'Preferences' }) satisfies z.ZodType<Preferences>;
