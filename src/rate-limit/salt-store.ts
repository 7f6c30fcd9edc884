import { randomBytes } from 'node:crypto';
import { type Db, inTime } from '../db.ts';

const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const dayBefore = (day: string) => utcDay(new Date(Date.parse(day) - 86_400_000));

/** The salts of the days: one random salt per UTC day, shared by all instances, deleted once it is two days old. */
export class SaltStore {
  constructor(private readonly db: Db) {}

  async saltOf(day: string, now: Date): Promise<Buffer> {
    await inTime(
      this.db,
      this.db('daily_salts')
        .insert({ day, salt: randomBytes(32), created_at: now })
        .onConflict('day')
        .ignore(),
    );
    await inTime(this.db, this.db('daily_salts').where('day', '<', dayBefore(day)).delete());
    const row = await inTime(this.db, this.db('daily_salts').where({ day }).first('salt'));
    return row.salt as Buffer;
  }

  async days(): Promise<string[]> {
    const rows = await this.db('daily_salts').select(this.db.raw("to_char(day, 'YYYY-MM-DD') as day")).orderBy('day');
    return rows.map((r: { day: string }) => r.day);
  }
}
