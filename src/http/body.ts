import type { Context, Next } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import { Invalid } from '../errors.ts';

const { POST, PUT, PATCH, DELETE } = HttpMethodEnum;
const limits = {
  jsonLimit: '16kb',
  formLimit: '16kb',
  multipart: false,
  text: false,
  // DELETE too: a watch is removed by naming it in the body.
  parsedMethods: [POST, PUT, PATCH, DELETE] as HttpMethodEnum[],
} as const;
const parsers = {
  json: koaBody({ ...limits, json: true, urlencoded: false, jsonStrict: true }),
  form: koaBody({ ...limits, json: false, urlencoded: true }),
  either: koaBody({ ...limits, json: true, urlencoded: true, jsonStrict: true }),
};

/**
 * Reads the body (at most 16 KiB once decoded) into ctx.request.body. Whatever goes wrong reading it is the client's
 * doing: the parser's own 4xx errors pass on (their types have answers in problem.ts); anything else, such as a gzip,
 * deflate or br body that does not decode, is a 400 that quotes nothing of the body.
 */
export async function readBody(ctx: Context, kind: keyof typeof parsers): Promise<void> {
  try {
    await parsers[kind](ctx, async () => {});
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) throw err;
    throw new Invalid('The body could not be read: it does not match its Content-Encoding.');
  }
}

/** readBody as a middleware, for routes that take a body before their handler. */
export const bodyOf = (kind: keyof typeof parsers) =>
  async function body(ctx: Context, next: Next): Promise<void> {
    await readBody(ctx, kind);
    await next();
  };
