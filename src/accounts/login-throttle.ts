import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Clock } from '../clock.ts';
import { retryAfterSeconds } from '../errors.ts';
import type { Limiter } from '../rate-limit/rate-limit.ts';
import type { ThrottleStore } from './throttle-store.ts';

/** Ten logins tried for an account lock it for fifteen minutes; a right password starts the count over. */
const maxAttempts = 10;
const lockMs = 15 * 60_000;

/** Whether a password may be checked now, or after how many seconds. */
export type Permit = { ok: true } | { ok: false; retryAfter: number };

/**
 * Counts every attempt at a password before it is checked, so that guesses sent at once cannot outrun the count:
 * per account in the database (one statement, shared by every instance), per client in the rate limiter (100 a day).
 */
export class LoginThrottle {
  constructor(
    private readonly store: ThrottleStore,
    private readonly byClient: Limiter,
    private readonly clock: Clock,
  ) {}

  /** Counts an attempt for the account of `email`, from the client of `clientKey` when one is given. */
  async attempt(email: string, clientKey?: string): Promise<Permit> {
    if (clientKey !== undefined) {
      try {
        await this.byClient.consume(clientKey);
      } catch (err) {
        if (err instanceof RateLimiterRes) return { ok: false, retryAfter: retryAfterSeconds(err.msBeforeNext) };
        throw err;
      }
    }
    const now = this.clock();
    const { attempts, windowEnds } = await this.store.count(email, now, maxAttempts, lockMs);
    return attempts <= maxAttempts
      ? { ok: true }
      : { ok: false, retryAfter: retryAfterSeconds(windowEnds.getTime() - now.getTime()) };
  }

  /** A right password: the account starts over, and the client gets its attempt back. */
  async succeeded(email: string, clientKey?: string): Promise<void> {
    await this.store.clear(email);
    if (clientKey !== undefined) await this.byClient.reward(clientKey, 1).catch(() => {});
  }
}
