import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/intake/post-limit.ts';

/** The rate limit runs before Koa, so it must find the same client as Koa's ctx.ip does. */
describe('clientAddress', () => {
  const request = (forwarded: string | undefined) => {
    const socket = new Socket();
    Object.defineProperty(socket, 'remoteAddress', { value: '127.0.0.1' });
    const req = new IncomingMessage(socket);
    if (forwarded !== undefined) req.headers['x-forwarded-for'] = forwarded;
    return req;
  };
  const koaIp = (req: IncomingMessage, hops: number) => {
    const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
    return app.createContext(req, {} as never).ip;
  };

  const cases: [string | undefined, number][] = [
    [undefined, 0],
    [undefined, 1],
    ['203.0.113.7', 0],
    ['203.0.113.7', 1],
    ['10.9.8.7, 203.0.113.7', 1],
    ['10.9.8.7,203.0.113.7 ,  198.51.100.2', 2],
    ['10.9.8.7, 203.0.113.7', 5],
    ['', 1],
    [' , ', 1],
    ['2001:db8::1, ::ffff:192.0.2.1', 1],
  ];
  it.each(cases)('X-Forwarded-For %j with %i trusted hops', (forwarded, hops) => {
    const req = request(forwarded);
    expect(clientAddress(req, hops)).toBe(koaIp(req, hops));
  });
});
