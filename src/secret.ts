import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import type { Db } from './db.ts';

/** FANTDU_SECRET, or else one generated at the first start and kept in the database (shared by all instances). */
export async function loadSecret(db: Db, config: Pick<Config, 'secret'>): Promise<string> {
  if (config.secret) return config.secret;
  await db('settings').insert({ name: 'secret', value: randomBytes(48).toString('base64url') }).onConflict('name').ignore();
  const row = await db('settings').where({ name: 'secret' }).first('value');
  return row.value as string;
}
