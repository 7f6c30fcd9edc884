import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Context } from 'koa';

export interface StaticFile {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  type: string;
}

/** A file of ours, read (and gzipped) on first use. */
export function staticFile(url: URL, type: string): () => StaticFile {
  let loaded: StaticFile | undefined;
  return () => {
    if (loaded) return loaded;
    const body = readFileSync(url);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    loaded = { body, gzipped: gzipSync(body, { level: 9 }), etag, type };
    return loaded;
  };
}

/** Served with an ETag (a changed file is fetched again within five minutes), gzip when the client takes it. */
export function sendStatic(ctx: Context, file: StaticFile): void {
  ctx.set('ETag', file.etag);
  ctx.set('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
  ctx.set('Cross-Origin-Resource-Policy', 'cross-origin');
  ctx.vary('Accept-Encoding');
  ctx.type = file.type;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  const gzip = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
  if (gzip) ctx.set('Content-Encoding', 'gzip');
  ctx.body = gzip ? file.gzipped : file.body;
}
