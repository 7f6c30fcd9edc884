import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db.ts';
import { withDatabase } from '../helpers/global-setup.ts';
import { freePort, killServers, type ServerProcess, startServer } from '../helpers/processes.ts';

// Two fantdu processes on one Postgres, with Redis for the limits, act as one service.
const serverUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const runs = process.env.FANTDU_TEST_DB === 'postgres' && Boolean(redisUrl);

describe.runIf(runs)('two instances as one service', () => {
  const name = `fantdu_instances_${randomBytes(4).toString('hex')}`;
  let admin: Db;
  let url: string;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    admin = createDb({ url: serverUrl as string });
    await admin.raw(`create database ${name}`);
    url = withDatabase(serverUrl as string, name);
    const ports = [await freePort(), await freePort()];
    const env = (port: number) => ({
      DATABASE_URL: url,
      PORT: String(port),
      FANTDU_PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
      FANTDU_RATE_LIMIT: '5/60',
      FANTDU_RATE_LIMIT_STORE: 'redis',
      REDIS_URL: redisUrl as string,
      FANTDU_TRUST_PROXY: '1',
      LOG_LEVEL: 'info',
    });
    // Both start at the same time on an empty database: one migrates, the other waits for it.
    servers = await Promise.all(ports.map((port) => startServer(env(port))));
  }, 60_000);

  afterAll(async () => {
    killServers();
    await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  });

  it('both started, on one schema, with one demo site', async () => {
    for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const db = createDb({ url });
    expect(await db('sites').pluck('id')).toEqual(['demo']);
    await db.destroy();
  });

  it('share the rate limit: a client gets 5 posts in all, wherever they land', async () => {
    // Whichever instance made the demo site, its origins include the public address both share.
    const origin = servers[0]!.url;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const server = servers[i % 2]!;
      const res = await fetch(`${server.url}/api/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': '198.51.100.99' },
        body: JSON.stringify({ site: 'demo', url: `${origin}/delt`, found: true }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('run the daily purge once between them', async () => {
    const runs = servers.map(
      (server) =>
        server
          .output()
          .split('\n')
          .filter((line) => line.includes('retention: daily purge done')).length,
    );
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
