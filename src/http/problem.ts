import type { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import type { Context, Next } from 'koa';
import { type ZodError, z } from 'zod';
import {
  Conflict,
  DomainError,
  Forbidden,
  Invalid,
  isDatabaseError,
  isDatabaseUnavailable,
  NotFound,
  TooMany,
  Unauthenticated,
  Unavailable,
} from '../errors.ts';
import { uuidText } from '../values.ts';

export interface FieldError {
  field: string;
  message: string;
}

/** zod's issues as the per-field errors of a 400: a missing field "is required", anything else zod's message. */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
}

/** The problem+json document of a failure, as problemBody writes it. */
export const problemDocument = z
  .strictObject({
    type: z.url().meta({ description: 'Names the kind of failure: one address per status.' }),
    title: z.string().meta({ description: 'The status in words.' }),
    status: z.number().int().min(400).max(599),
    detail: z.string().meta({ description: 'What went wrong, in words; never a value someone else typed.' }),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: 'For a 400: each field (`a.b` within objects, empty for the whole body) and its fault.' }),
    id: uuidText
      .optional()
      .meta({ description: 'For a 503 of POST /api/v1/feedback: the id the post may yet be stored under.' }),
  })
  .meta({ id: 'Problem', description: 'A failure, as RFC 9457 describes it (application/problem+json).' });

/** An expected failure, answered as application/problem+json (RFC 9457). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** Field errors for a 400, Retry-After for a 429 or 503, and members the document carries besides (RFC 9457). */
    readonly extra: { errors?: FieldError[]; retryAfter?: number; members?: ProblemMembers } = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

/** Members a problem document carries besides the usual ones (see `problemDocument`). */
type ProblemMembers = Pick<z.output<typeof problemDocument>, 'id'>;

/** Body-parser errors (co-body, raw-body) carry a status and often a type; each gets a plain answer of ours. */
const parserProblems: Record<string, string> = {
  'entity.too.large': 'The body is larger than 16 KiB.',
  'encoding.unsupported': 'The body must be encoded as UTF-8.',
  'charset.unsupported': 'The body must be encoded as UTF-8.',
  'request.aborted': 'The request was aborted before its body arrived.',
  'request.size.invalid': 'The body is shorter or longer than its Content-Length.',
};

const fallthroughDetail: Record<number, string> = {
  404: 'There is nothing at this address.',
  405: 'This method is not allowed at this address.',
  501: 'This method is not supported.',
};

const slug = (status: number) => (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');

/** The expected failure an error stands for (answered with its status), or undefined for a bug (a 500). */
export function toProblem(err: unknown): Problem | undefined {
  if (err instanceof Problem) return err;
  if (err instanceof DomainError) return domainProblem(err);
  if (isDatabaseUnavailable(err))
    return new Problem(503, 'The database cannot be reached right now. Try again shortly.', { retryAfter: 5 });
  /** The SQLSTATE of an error the database reported. */
  const sqlState = isDatabaseError(err) ? (err as { code: string }).code : undefined;
  // A statement the server cancelled (57014: its statement_timeout, or an operator): too slow now, not a bug.
  if (sqlState === '57014')
    return new Problem(503, 'The database is too slow to answer right now. Try again shortly.', { retryAfter: 5 });
  // A value the database cannot use (class 22, data exception: a date out of range, text that is not a uuid) came
  // from the request past its checks: the client's error, answered without quoting the value.
  if (sqlState?.startsWith('22')) return new Problem(400, 'A value in the request cannot be used.');
  // What the request refers to went meanwhile (a theme deleted while a comment was put in it): a conflict, not a bug.
  if (sqlState === '23503')
    return new Problem(409, 'Something the request refers to has just been deleted. Load it again and retry.');
  const { type, status, expose } = (err ?? {}) as { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const { limit } = err as { limit?: unknown };
  // A body over its route's limit is told that limit (16 KiB for feedback, 4 KiB for a view).
  if (type === 'entity.too.large' && typeof limit === 'number' && limit % 1024 === 0)
    return new Problem(413, `The body is larger than ${limit / 1024} KiB.`);
  if (typeof type === 'string' && parserProblems[type]) return new Problem(status, parserProblems[type]);
  // co-body's JSON errors: the message may quote the body, so it is not shown.
  if (err instanceof SyntaxError) return new Problem(400, 'The body is not valid JSON, or not a JSON object.');
  // ctx.throw(4xx, message) and http-errors: their messages are ours to show.
  if (expose === true) return new Problem(status, (err as Error).message);
  return new Problem(status, fallthroughDetail[status] ?? 'The request cannot be answered.');
}

/** Each domain error's status, and what the answer carries besides the message. */
function domainProblem(err: DomainError): Problem | undefined {
  if (err instanceof Invalid) return new Problem(400, err.message, err.errors.length ? { errors: err.errors } : {});
  if (err instanceof Unauthenticated) return new Problem(401, err.message);
  if (err instanceof Forbidden) return new Problem(403, err.message);
  if (err instanceof NotFound) return new Problem(404, err.message);
  if (err instanceof Conflict) return new Problem(409, err.message);
  if (err instanceof TooMany) return new Problem(429, err.message, { retryAfter: err.retryAfter });
  if (err instanceof Unavailable) return new Problem(503, err.message, { retryAfter: err.retryAfter });
  return undefined;
}

/** The problem+json document of an answer. */
export function problemBody(
  status: number,
  detail: string,
  errors?: FieldError[],
  members: ProblemMembers = {},
): string {
  return JSON.stringify({
    type: `https://fantdu.no/problems/${slug(status)}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(errors ? { errors } : {}),
    ...members,
  });
}

export function writeProblem(ctx: Context, problem: Problem): void {
  ctx.status = problem.status;
  if (problem.extra.retryAfter !== undefined) ctx.set('Retry-After', String(problem.extra.retryAfter));
  ctx.type = 'application/problem+json';
  ctx.body = problemBody(problem.status, problem.detail, problem.extra.errors, problem.extra.members);
}

/** Where failures are pages for people (in /admin) rather than problem+json, and how to draw them. */
export interface ErrorPages {
  covers(ctx: Context): boolean;
  render(ctx: Context, problem: Problem): void;
}

const internal = () => new Problem(500, 'Something went wrong on our side. It has been logged.');

/**
 * The answer to a failure, once reported to the app for its log: a bug (a 500) as 'error', a database that is away as
 * 'unavailable', one that refused a value as 'refused'.
 */
export function reportedProblem(app: EventEmitter, err: unknown, ctx?: Pick<Context, 'method'>): Problem {
  const known = toProblem(err);
  if (!known) app.emit('error', err, ctx);
  else if (isDatabaseUnavailable(err)) app.emit('unavailable', err);
  else if (isDatabaseError(err)) app.emit('refused', err, ctx);
  return known ?? internal();
}

/**
 * The one try/catch: an expected failure is answered with its status, as problem+json or (where `pages` covers the
 * request) as a page; anything else is a 500, logged once. A database that is away is a 503, one the request gave a
 * value it could not use a 400, each reported to the app for its log.
 */
export function handleErrors(pages?: ErrorPages) {
  return async function answerFailures(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.body == null && ctx.status >= 400)
        throw new Problem(ctx.status, fallthroughDetail[ctx.status] ?? 'The request cannot be answered.');
    } catch (err) {
      const problem = reportedProblem(ctx.app, err, ctx);
      if (pages?.covers(ctx)) {
        if (problem.extra.retryAfter !== undefined) ctx.set('Retry-After', String(problem.extra.retryAfter));
        return pages.render(ctx, problem);
      }
      writeProblem(ctx, problem);
    }
  };
}
