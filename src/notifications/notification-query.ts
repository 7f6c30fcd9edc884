import { z } from 'zod';
import { path } from '../changes/change-query.ts';
import { digests } from './notification.ts';

/** A watch: one page (`path`) or every page under a prefix (`pathPrefix`), never both. */
export const watchBody = z.union(
  [z.strictObject({ path }), z.strictObject({ pathPrefix: path })],
  'must be {"path"} or {"pathPrefix"}: a path on the site, starting with /',
);

export const preferencesBody = z
  .strictObject({
    digest: z.enum(digests, 'must be off, daily or weekly').optional(),
    alerts: z.boolean('must be true or false').optional(),
  })
  .refine((p) => p.digest !== undefined || p.alerts !== undefined, 'must have digest or alerts');
