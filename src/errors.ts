/**
 * What went wrong, in the domain's words. Services throw these; http/ answers them as problem+json and admin/ as a
 * page, by one mapping (http/problem.ts). Messages are English, for the API; they never quote a value someone typed
 * beyond a site id or an e-mail the caller gave.
 */
export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Not there, or not for this caller (another site's ids look exactly like ids that do not exist). */
export class NotFound extends DomainError {}

/** No credential, or one that is no longer valid. */
export class Unauthenticated extends DomainError {}

/** The caller is known but may not do this (a role too low, a request from another origin). */
export class Forbidden extends DomainError {}

/** Values that cannot be used, each field named. */
export class Invalid extends DomainError {
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }

  /** One field and what is wrong with it. */
  static field(field: string, message: string, detail = `${field} ${message}.`): Invalid {
    return new Invalid(detail, [{ field, message }]);
  }
}

/** The request contradicts what is stored (the same id with another answer). */
export class Conflict extends DomainError {}

/** Too many attempts: try again after `retryAfter` seconds. */
export class TooMany extends DomainError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message);
  }
}

/** A part the service needs does not answer now (the database, a full queue): try again after `retryAfter` seconds. */
export class Unavailable extends DomainError {
  constructor(
    message = 'The service is busy or its database is unreachable. Try again shortly.',
    readonly retryAfter = 5,
  ) {
    super(message);
  }
}

/** Retry-After in whole seconds, at least one, from milliseconds to wait. */
export const retryAfterSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

const connectionTrouble = new RegExp(
  'Connection terminated|connection timeout|Client has encountered a connection error|' +
    'timeout exceeded when trying to connect',
  'i',
);
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** True when an error means "the database cannot be reached now" (answered 503), not a bug. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) return true;
  return err.name === 'KnexTimeoutError' || connectionTrouble.test(err.message);
}

/** An error Postgres (or PGlite) reported: it has a five-character SQLSTATE and the routine that raised it. */
export function isDatabaseError(err: unknown): boolean {
  const { code, routine } = (err ?? {}) as { code?: unknown; routine?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof routine === 'string';
}
