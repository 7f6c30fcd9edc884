import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Context, Next } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import { Invalid } from '../errors.ts';
import { excludeFromDeadline } from '../intake/deadline.ts';

const { POST, PUT, PATCH, DELETE } = HttpMethodEnum;
const limits = {
  jsonLimit: '16kb',
  formLimit: '16kb',
  multipart: false,
  text: false,
  // DELETE too: a watch is removed by naming it in the body.
  parsedMethods: [POST, PUT, PATCH, DELETE] as HttpMethodEnum[],
} as const;
/** A page view is a site id and a URL: 4 KiB is room for both, with the URL at its longest. */
export const beaconLimit = 4 * 1024;
const parsers = {
  json: koaBody({ ...limits, json: true, urlencoded: false, jsonStrict: true }),
  form: koaBody({ ...limits, json: false, urlencoded: true }),
  either: koaBody({ ...limits, json: true, urlencoded: true, jsonStrict: true }),
  // navigator.sendBeacon(url, string) sends text/plain: JSON as text, so that no preflight is needed.
  beacon: koaBody({
    multipart: false,
    urlencoded: false,
    json: true,
    jsonStrict: true,
    jsonLimit: beaconLimit,
    text: true,
    textTypes: ['text/plain'],
    textLimit: beaconLimit,
  }),
};

/**
 * Reads the body (at most 16 KiB once decoded, 4 KiB for a beacon) into ctx.request.body. Whatever goes wrong reading
 * it is the client's doing: the parser's own 4xx errors pass on (their types have answers in problem.ts); anything
 * else, such as a gzip, deflate or br body that does not decode, is a 400 that quotes nothing of the body.
 */
export async function readBody(ctx: Context, kind: keyof typeof parsers): Promise<void> {
  const early = (ctx.req as { [readEarly]?: string })[readEarly];
  if (early !== undefined) {
    ctx.request.body = (ctx.is('text/plain') ? early : strictJson(early)) as typeof ctx.request.body;
    return;
  }
  try {
    await parsers[kind](ctx, async () => {});
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) throw err;
    throw new Invalid('The body could not be read: it does not match its Content-Encoding.');
  }
}

/** A key that names "__proto__", however its letters are escaped (as @hapi/bourne looks for it). */
const escaped = (letter: string) => `\\\\u00${letter.charCodeAt(0).toString(16).replace(/f$/, '[Ff]')}`;
const protoKey = new RegExp(`"${[...'__proto__'].map((c) => `(?:${c}|${escaped(c)})`).join('')}"\\s*:`);

/** Whether a parsed value holds an object with an own "__proto__" key, at any depth (a loop: 16 KiB nests deep). */
function holdsProto(value: unknown): boolean {
  const left: unknown[] = [value];
  while (left.length) {
    const next = left.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Object.hasOwn(next, '__proto__')) return true;
    for (const inner of Object.values(next)) left.push(inner);
  }
  return false;
}

/**
 * JSON text as koa-body's strict parser (co-body) reads it, for a body read before Koa: a leading byte-order mark
 * dropped, an empty body an empty object, an object or an array only, and no "__proto__" key anywhere; anything else
 * is the 400 that parser's errors get.
 */
export function strictJson(text: string): unknown {
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (!json) return {};
  const invalid = () => new Invalid('The body is not valid JSON, or not a JSON object.');
  if (!/^[\x20\x09\x0a\x0d]*[[{]/.test(json)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid();
  }
  if (protoKey.test(json) && holdsProto(value)) throw invalid();
  return value;
}

/** A body read before Koa (see beforeKoa): readBody takes it from here. */
const readEarly = Symbol('fantdu.bodyReadEarly');

/** Keeps a body read before the request goes on to Koa, for readBody. */
function keepBodyReadEarly(req: IncomingMessage, text: string): void {
  (req as { [readEarly]?: string })[readEarly] = text;
}

/** readBody as a middleware, for routes that take a body before their handler. */
export const bodyOf = (kind: keyof typeof parsers) =>
  async function body(ctx: Context, next: Next): Promise<void> {
    await readBody(ctx, kind);
    await next();
  };

/**
 * The JSON a text/plain body holds (as a beacon sends it), read as an application/json body is (strictJson); a body
 * that is not JSON is a 400 quoting nothing of it.
 */
export function jsonInText(text: unknown): unknown {
  return typeof text === 'string' ? strictJson(text) : text;
}

/** Which posts to a citizens' route are taken before Koa: see beforeKoa. */
export interface CommonCase {
  /** The route's path as written (with a query string or none): other spellings are the router's. */
  path: string;
  /** The Content-Type it takes. */
  type: RegExp;
  /** The most its body may hold, by its Content-Length. */
  limit: number;
}

/**
 * The common case of a post to a citizens' route, taken before Koa (page views, answers: they are the traffic): a
 * POST to the path as written, of the type, not compressed, with a Content-Length within the limit. Its body is read
 * and handed to `take` with the time the request came (for its metrics); when `take` answers false (the post is not
 * one it answers), or the body came shorter than its length, or the request is not such a post, it goes on to `next`
 * with the body kept for the route. The time the client took to send the body does not count against the post's
 * deadline, whichever path answers.
 */
export function beforeKoa(
  { path, type, limit }: CommonCase,
  take: (req: IncomingMessage, res: ServerResponse, text: string, started: bigint) => boolean,
  next: RequestListener,
): RequestListener {
  return function takeFirst(req, res) {
    const length = Number(req.headers['content-length']);
    const plain = !req.headers['content-encoding'] || req.headers['content-encoding'] === 'identity';
    const exact = req.method === 'POST' && (req.url === path || req.url?.startsWith(`${path}?`));
    if (!exact || !type.test(req.headers['content-type'] ?? '') || !plain || !(length <= limit)) return next(req, res);
    const started = process.hrtime.bigint();
    const reading = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () => {
      excludeFromDeadline(req, performance.now() - reading);
      const text = Buffer.concat(chunks).toString('utf8');
      if (size === length && take(req, res, text, started)) return;
      keepBodyReadEarly(req, text);
      next(req, res);
    });
  };
}
