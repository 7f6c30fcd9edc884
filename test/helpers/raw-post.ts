import { request as httpRequest } from 'node:http';

/** An answer as a raw request gets it. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A raw POST to a server on loopback: any request target (absolute-form too), any headers, any body; with
 * `bodyAfterMs`, the headers (with the body's length) go first and the body that much later.
 */
export function rawPost(
  port: number,
  target: string,
  headers: Record<string, string>,
  body = '',
  bodyAfterMs = 0,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: target, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (!bodyAfterMs) return req.end(body);
    req.setHeader('content-length', Buffer.byteLength(body));
    req.flushHeaders();
    setTimeout(() => req.end(body), bodyAfterMs);
  });
}

/** What a client sees of an answer, to compare two: not the connection's headers, nor the id each post has. */
export function seen({ status, headers, body }: Answer) {
  const { date, connection, 'keep-alive': _, ...rest } = headers;
  return { status, headers: rest, body: body.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>') };
}
