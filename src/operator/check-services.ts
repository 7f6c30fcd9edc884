import type { Config } from '../config.ts';
import { advice, type CheckLine, checkLine, codeOf, masked, messageOf } from './check-line.ts';

/** The services `fantdu check` tries besides the database: each one the configuration names, in a few seconds. */

const hostPort = (url: string, port: number) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || port}`;
};

export async function redisLine({ rateLimitStore, redisUrl }: Config): Promise<CheckLine> {
  const part = 'REDIS_URL';
  if (rateLimitStore !== 'redis')
    return checkLine(part, 'skip', `not used: FANTDU_RATE_LIMIT_STORE is ${rateLimitStore}`);
  const url = redisUrl as string;
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    commandTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error says more than the "Connection is closed" that connect() rejects with after it.
  let socketError: unknown;
  redis.on('error', (err) => (socketError ??= err));
  try {
    await redis.connect();
    await redis.ping();
    return checkLine(part, 'ok', `${masked(url)} answers; it holds the rate limits of every instance`);
  } catch (err) {
    const cause = socketError ?? err;
    const text = messageOf(cause);
    const fix = /NOAUTH/.test(text)
      ? 'Redis wants a password: put it in REDIS_URL (redis://:PASSWORD@host:6379)'
      : /WRONGPASS|invalid password/i.test(text)
        ? `${text}: check the user and password in REDIS_URL`
        : advice(cause, hostPort(url, 6379), 'Redis');
    return checkLine(part, 'fail', `${fix} (meanwhile each instance keeps its limits in memory)`);
  } finally {
    redis.disconnect();
  }
}

export async function smtpLine({ smtpUrl }: Config): Promise<CheckLine> {
  const part = 'FANTDU_SMTP_URL';
  if (!smtpUrl) return checkLine(part, 'skip', 'not set: fantdu sends no mail');
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 3000,
    greetingTimeout: 3000,
    socketTimeout: 3000,
  });
  const login = new URL(smtpUrl).username ? ' and takes the login' : '';
  try {
    await transport.verify();
    return checkLine(part, 'ok', `${masked(smtpUrl)} greets${login}`);
  } catch (err) {
    const text = messageOf(err);
    const at = hostPort(smtpUrl, smtpUrl.startsWith('smtps:') ? 465 : 587);
    const fix =
      codeOf(err) === 'EAUTH'
        ? `${text}: check the user and password in FANTDU_SMTP_URL`
        : /wrong version number|EPROTO|packet length/i.test(text)
          ? 'the TLS handshake failed: smtps:// is TLS from the start (port 465); for port 587 or 25 use smtp://'
          : /certificate|self[- ]signed/i.test(text)
            ? `${text}: the mail server's certificate is not trusted here`
            : /greeting/i.test(text)
              ? `no greeting from ${at}: smtp:// (port 587 or 25) talks plain first, smtps:// (465) TLS; check the port`
              : advice(err, at, 'a mail server');
    return checkLine(part, 'fail', fix);
  } finally {
    transport.close();
  }
}

export async function oidcLine(config: Config): Promise<CheckLine> {
  const part = 'FANTDU_OIDC_ISSUER';
  const issuer = config.oidcIssuer;
  // An issuer without its client id and secret does not get this far: loading the configuration refuses it.
  if (!issuer) return checkLine(part, 'skip', 'not set: no single sign-on');
  const discovery = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: Record<string, unknown>;
  try {
    const res = await fetch(discovery, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return checkLine(part, 'fail', `${discovery} answers ${res.status}: check the issuer address`);
    const text = await res.text();
    document = JSON.parse(text.slice(0, 1_000_000));
  } catch (err) {
    const text =
      err instanceof SyntaxError
        ? `${discovery} is not JSON: check the issuer address`
        : (err as Error).name === 'TimeoutError'
          ? `${discovery} gave no answer within 3 s: check the address and the firewall`
          : `${discovery}: ${advice((err as { cause?: unknown }).cause ?? err, new URL(issuer).host, 'the issuer')}`;
    return checkLine(part, 'fail', text);
  }
  if (document.issuer !== issuer)
    return checkLine(
      part,
      'fail',
      `the issuer calls itself ${JSON.stringify(document.issuer)}: set FANTDU_OIDC_ISSUER to exactly that`,
    );
  const missing = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'].filter(
    (k) => typeof document[k] !== 'string',
  );
  if (missing.length) return checkLine(part, 'fail', `${discovery} lacks ${missing.join(', ')}`);
  return checkLine(
    part,
    'ok',
    `${issuer} answers; register ${config.publicUrl}/admin/login/oidc/callback as the redirect URI`,
  );
}
