import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has the contract’s defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: './data',
      ipMode: 'drop',
      retentionDays: 180,
      auditRetentionDays: 365,
      trustProxy: 0,
      rateLimit: { points: 20, seconds: 600 },
      viewLimit: { points: 300, seconds: 600 },
      rateLimitStore: 'memory',
      redisUrl: undefined,
      secret: undefined,
      publicUrl: 'http://127.0.0.1:3000',
      logLevel: 'info',
      metricsToken: undefined,
      logFormat: undefined,
      smtpUrl: undefined,
      mailFrom: 'fantdu@127.0.0.1',
      oidcIssuer: undefined,
      oidcClientId: undefined,
      oidcClientSecret: undefined,
      oidcRolesClaim: 'groups',
      passwordLogin: 'on',
      oidcName: undefined,
    });
    expect(loadConfig({ FANTDU_PUBLIC_URL: 'https://fantdu.kommune.no' }).mailFrom).toBe('fantdu@fantdu.kommune.no');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://fantdu@db:5432/fantdu',
      FANTDU_DATA_DIR: '/var/lib/fantdu',
      FANTDU_IP_MODE: 'truncate',
      FANTDU_RETENTION_DAYS: '0',
      FANTDU_TRUST_PROXY: '2',
      FANTDU_RATE_LIMIT: '5/60',
      FANTDU_VIEW_LIMIT: '50/30',
      FANTDU_RATE_LIMIT_STORE: 'redis',
      REDIS_URL: 'redis://cache:6379',
      FANTDU_SECRET: 'x'.repeat(40),
      FANTDU_PUBLIC_URL: 'https://feedback.example.no/',
      LOG_LEVEL: 'warn',
      FANTDU_METRICS_TOKEN: 'a-metrics-token-1234',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      ipMode: 'truncate',
      retentionDays: 0,
      trustProxy: 2,
      rateLimit: { points: 5, seconds: 60 },
      viewLimit: { points: 50, seconds: 30 },
      rateLimitStore: 'redis',
      publicUrl: 'https://feedback.example.no',
      logLevel: 'warn',
      metricsToken: 'a-metrics-token-1234',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the public URL from HOST and PORT', () => {
    expect(loadConfig({ PORT: '4000', HOST: 'localhost' }).publicUrl).toBe('http://localhost:4000');
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['FANTDU_IP_MODE', 'keep'],
    ['FANTDU_RETENTION_DAYS', '-1'],
    ['FANTDU_RETENTION_DAYS', '1.5'],
    ['FANTDU_TRUST_PROXY', 'yes'],
    ['FANTDU_AUDIT_RETENTION_DAYS', '0'],
    ['FANTDU_RATE_LIMIT', '20'],
    ['FANTDU_RATE_LIMIT', '0/60'],
    ['FANTDU_VIEW_LIMIT', '300'],
    ['FANTDU_VIEW_LIMIT', '300/0'],
    ['FANTDU_VIEW_LIMIT', 'many/600'],
    ['FANTDU_RATE_LIMIT_STORE', 'memcached'],
    ['REDIS_URL', 'localhost:6379'],
    ['FANTDU_SECRET', 'short'],
    ['FANTDU_PUBLIC_URL', 'feedback.example.no'],
    ['FANTDU_PUBLIC_URL', 'ftp://feedback.example.no'],
    ['LOG_LEVEL', 'loud'],
    ['FANTDU_METRICS_TOKEN', 'short'],
    ['FANTDU_METRICS_TOKEN', 'with a space in it here'],
  ])('%s=%s stops the start with one line naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      const message = (err as Error).message;
      expect(message.startsWith(name)).toBe(true);
      expect(message).not.toContain('\n');
    }
  });

  it('needs REDIS_URL for the redis store, and a server for the postgres store', () => {
    expect(() => loadConfig({ FANTDU_RATE_LIMIT_STORE: 'redis' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ FANTDU_RATE_LIMIT_STORE: 'postgres' })).toThrow(/DATABASE_URL/);
    expect(loadConfig({ FANTDU_RATE_LIMIT_STORE: 'postgres', DATABASE_URL: 'postgres://x/y' }).rateLimitStore).toBe(
      'postgres',
    );
  });

  it('takes an https issuer with its client, and http only on a loopback address', () => {
    const client = { FANTDU_OIDC_CLIENT_ID: 'fantdu', FANTDU_OIDC_CLIENT_SECRET: 'hemmelig' };
    const issuer = (FANTDU_OIDC_ISSUER: string) => () => loadConfig({ FANTDU_OIDC_ISSUER, ...client });
    for (const ok of ['https://login.microsoftonline.com/t/v2.0', 'http://127.0.0.1:8080', 'http://127.9.0.1/x'])
      expect(issuer(ok)().oidcIssuer).toBe(ok);
    for (const ok of ['http://localhost:8080/realms/k', 'http://[::1]:9000']) expect(issuer(ok)).not.toThrow();
    for (const bad of ['http://sso.kommune.no', 'http://10.0.0.1', 'http://127.0.0.1.evil.no', 'http://[::2]'])
      expect(issuer(bad)).toThrow(/^FANTDU_OIDC_ISSUER must be an https address/);
    expect(issuer('https://sso.kommune.no/?x=1')).toThrow(/without query/);
    expect(() => loadConfig({ FANTDU_OIDC_ISSUER: 'https://sso.kommune.no' })).toThrow(
      /^FANTDU_OIDC_CLIENT_ID and FANTDU_OIDC_CLIENT_SECRET must be set/,
    );
    expect(() => loadConfig({ FANTDU_OIDC_ISSUER: 'https://sso.kommune.no', FANTDU_OIDC_CLIENT_ID: 'x' })).toThrow(
      /CLIENT_SECRET/,
    );
    expect(() => loadConfig(client)).toThrow(/^FANTDU_OIDC_ISSUER must be set/);
    expect(() => loadConfig({ FANTDU_OIDC_NAME: '<b>' })).toThrow(/^FANTDU_OIDC_NAME/);
  });

  it('never echoes a secret', () => {
    expect(() => loadConfig({ FANTDU_SECRET: 'hemmelig' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hemmelig') }),
    );
    expect(() => loadConfig({ FANTDU_METRICS_TOKEN: 'hemmelig' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hemmelig') }),
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:passord@x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('passord') }),
    );
  });
});
