import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * OWASP's scrypt setting for 8 MiB (N 2^13, r 8, p 10; as strong as 2^17 with p 1): a login holds 8 MiB, not the 32
 * of the 2^15, p 1 that hashes made before 2026-11-27 carry (they still verify: a hash names its parameters).
 */
const params = { N: 2 ** 13, r: 8, p: 10, maxmem: 64 * 1024 * 1024 } as const;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** scrypt, stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    maxmem: params.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash to check against when the account does not exist, so that a wrong e-mail takes as long as a wrong password.
 */
export const decoyHash = ['scrypt', params.N, params.r, params.p, Buffer.alloc(16), Buffer.alloc(32)]
  .map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part))
  .join('$');

/** 20 characters from an alphabet without look-alikes (no 0/O, 1/l/I). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

export const minPasswordLength = 12;
