import type { Db } from '../db.ts';

export interface LoginAttempt {
  /** Attempts in the current window, this one included. */
  attempts: number;
  windowEnds: Date;
}

/**
 * Login attempts per account, keyed by a hash of the e-mail (never the e-mail itself) made in the database from the
 * same `lower()` that finds the user: an e-mail the lookup takes for the same account has the same count, however
 * its letters are written (`İ`, for one, is lowered differently by JavaScript and Postgres).
 */
const accountKey = `left(encode(sha256(convert_to(lower(?), 'UTF8')), 'hex'), 32)`;

export class ThrottleStore {
  constructor(private readonly db: Db) {}

  /**
   * Counts one login attempt for an account before its password is checked: one statement, so attempts sent at
   * once are counted one after another. A window of `lockMs` starts with the first attempt, and again with the
   * `max`th (the lock); after it ends the count starts over.
   */
  async count(email: string, now: Date, max: number, lockMs: number): Promise<LoginAttempt> {
    const windowEnds = new Date(now.getTime() + lockMs);
    const { rows } = await this.db.raw(
      `insert into login_throttle as t (account_key, attempts, window_ends) values (${accountKey}, 1, ?)
       on conflict (account_key) do update set
         attempts = case when t.window_ends <= ? then 1 else t.attempts + 1 end,
         window_ends = case when t.window_ends <= ? or t.attempts + 1 = ? then excluded.window_ends
                            else t.window_ends end
       returning attempts, window_ends`,
      [email, windowEnds, now, now, max],
    );
    return { attempts: rows[0].attempts, windowEnds: new Date(rows[0].window_ends) };
  }

  /** A right password: the account's count starts over. */
  async clear(email: string): Promise<void> {
    await this.db('login_throttle').whereRaw(`account_key = ${accountKey}`, [email]).delete();
  }

  /** Windows that ended before `now` are forgotten; `db` may be the transaction of a purge. */
  async deleteEnded(now: Date, db: Db = this.db): Promise<void> {
    await db('login_throttle').where('window_ends', '<', now).delete();
  }
}
