import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import type { Logger } from '../log.ts';
import { limitedClient } from '../privacy/ip.ts';
import type { SaltStore } from './salt-store.ts';

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Keys made lately, by address, so that a client posting again within the minute (a flood above all: each refusal
 * needs its key) costs a lookup, not an HMAC (some 20 µs of the server's CPU per post under load: README,
 * "Performance"). Only in this process's memory, never stored or logged; forgotten after a minute at most, or all at
 * once when this many are held, and with the salt they were made under; an "address" longer than any address (a
 * forwarded header can hold anything) is not kept, so the lookup holds at most some 7 MB (20 000 of 64 characters).
 */
const recentKeysAtMost = 20_000;
const recentKeysForMs = 60_000;
/** Longer than any address written with a port: what a forwarded header may hold besides is keyed, not kept. */
const recentKeyLongestAddress = 64;

/**
 * Rate-limit keys: HMAC(salt of the day, the client as limits count it: see limitedClient). No stored key can be
 * traced back to an address, and yesterday's keys cannot be linked to today's. When the database is down, a salt made
 * in memory serves until it is back.
 */
export class ClientKeys {
  private current:
    | {
        day: string;
        endsAt: number;
        salt: Promise<Buffer>;
        known?: Buffer;
        retryAt: number;
        recent: Map<string, string>;
        recentUntil: number;
      }
    | undefined;

  constructor(
    private readonly store: SaltStore,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /**
   * The key of an address; at once (no promise) once today's salt is known, as it is after the first post of the day.
   */
  keyOf(address: string): string | Promise<string> {
    const now = this.clock().getTime();
    const current = this.current;
    if (current?.known && now < current.endsAt && now < current.retryAt) {
      if (now >= current.recentUntil || current.recent.size >= recentKeysAtMost) {
        current.recent.clear();
        current.recentUntil = now + recentKeysForMs;
      }
      if (address.length > recentKeyLongestAddress) return keyed(current.known, address);
      let key = current.recent.get(address);
      if (key === undefined) {
        key = keyed(current.known, address);
        current.recent.set(address, key);
      }
      return key;
    }
    return this.saltOfToday().then((salt) => keyed(salt, address));
  }

  private saltOfToday(): Promise<Buffer> {
    const now = this.clock();
    const day = utcDay(now);
    if (this.current?.day === day && now.getTime() < this.current.retryAt) return this.current.salt;
    const previous = this.current?.day === day ? this.current.salt : undefined;
    const entry: NonNullable<ClientKeys['current']> = {
      day,
      endsAt: Date.parse(day) + 86_400_000,
      salt: Promise.resolve(Buffer.alloc(0)),
      retryAt: Infinity,
      recent: new Map(),
      recentUntil: 0,
    };
    entry.salt = this.store.saltOf(day, now).catch(async (err: unknown) => {
      entry.retryAt = this.clock().getTime() + 30_000;
      if (!isDatabaseUnavailable(err)) throw err;
      this.log.warn('database unreachable: rate-limit keys use an in-memory salt until it is back');
      return (await previous?.catch(() => undefined)) ?? randomBytes(32);
    });
    void entry.salt.then(
      (salt) => (entry.known = salt),
      () => {},
    );
    this.current = entry;
    return entry.salt;
  }
}

/**
 * The first 18 bytes of the HMAC as 24 characters: a string of its own (not a slice of a longer one, nor of a Buffer
 * kept alive by it), written straight from the digest's bytes.
 */
const keyed = (salt: Buffer, address: string) =>
  createHmac('sha256', salt).update(limitedClient(address)).digest().toString('base64url', 0, 18);
