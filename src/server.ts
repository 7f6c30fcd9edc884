import { createServer, type Server } from 'node:http';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { migrate, openDb } from './db.ts';
import { createLogger, type Logger, logDestination } from './log.ts';
import { holderAnswers } from './operator/backup.ts';
import { logCheck } from './operator/check.ts';
import { claimDataDir, type DataDirClaim } from './operator/data-dir.ts';
import { createServices, createStores, type Services } from './services.ts';

/** How to log in to /admin: on the first start, as a demo admin made now (its password shown this once). */
async function adminLogin(services: Services, firstStart: boolean, { publicUrl, passwordLogin }: Config) {
  if (passwordLogin === 'off')
    return services.sso
      ? `Editors sign in at ${publicUrl}/admin with ${services.sso.name} (grant sites: npx fantdu sso grant ...)`
      : 'Password sign-in is off and single sign-on is not set up: only API tokens get in (npx fantdu token create)';
  if (!firstStart)
    return `Editors log in at ${publicUrl}/admin (add one with: npx fantdu user add EMAIL --site ID --role admin)`;
  const email = 'demo@fantdu.invalid';
  const { password } = await services.users.addUser(email, 'demo', 'admin', 'fantdu (first start)');
  return (
    `Log in at ${publicUrl}/admin as ${email} with the password ${password} ` +
    `(shown this once; change it at ${publicUrl}/admin/password)`
  );
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
}

/**
 * SIGTERM/SIGINT: stop taking connections, let requests in flight finish, close the database, exit 0. A kept-alive
 * connection is closed after its current answer, so that clients cannot keep a stopping server busy.
 */
function stopOnSignals(server: Server, close: () => Promise<void>, log: Logger): void {
  let stopping = false;
  server.on('request', (_req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight');
    const force = setTimeout(() => server.closeAllConnections(), 8000).unref();
    server.close(async () => {
      clearTimeout(force);
      try {
        await close();
        log.info('stopped');
        process.exit(0);
      } catch (err) {
        log.error({ err }, 'stopping failed');
        process.exit(1);
      }
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

async function main(): Promise<void> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`fantdu: ${err.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel, logDestination(config.logFormat));
  let claim: DataDirClaim | undefined;
  try {
    // The embedded database is this server's alone; the CLI asks it for backups.
    claim = config.databaseUrl ? undefined : await claimDataDir(config.dataDir, 'server');
  } catch (err) {
    process.stderr.write(`fantdu: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const db = await openDb(config, log);
  const clock = systemClock;
  const services = createServices({ stores: createStores(db, config, clock, log), config, clock, log });
  let firstStart = false;
  let secret: string;
  try {
    const applied = await migrate(db);
    if (applied.length) log.info({ migrations: applied }, 'database migrated');
    // A first start has a site to try: `demo`, for this service's own pages.
    firstStart = await services.sites.ensureDemo([
      `http://localhost:${config.port}`,
      `http://127.0.0.1:${config.port}`,
      config.publicUrl,
    ]);
    if (firstStart) log.info('made the demo site');
    // A privacy statement that this configuration or code words anew is dated from this start.
    await services.statements.recordAll();
    secret = await services.secret();
    claim?.answer(holderAnswers(db));
  } catch (err) {
    log.fatal(
      { err },
      config.databaseUrl
        ? 'cannot prepare the database at DATABASE_URL'
        : `cannot prepare the embedded database in ${config.dataDir}`,
    );
    await db.destroy().catch(() => {});
    await claim?.release();
    process.exit(1);
  }

  const fantdu = buildApp({ config, log, services, secret, clock });
  if (!(await services.limitStoreReady(2000)))
    log.warn('the rate-limit store is not reachable yet: limits are kept in memory until it is');
  // Slow clients (slowloris) are cut off: headers within 10 s, the whole request within 15 s, checked every second.
  const server = createServer(
    { headersTimeout: 10_000, requestTimeout: 15_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1000 },
    fantdu.callback,
  );
  let stopNotifying = () => {};
  stopOnSignals(
    server,
    async () => {
      stopNotifying();
      await services.close();
      await db.destroy();
      await claim?.release();
    },
    log,
  );
  await listen(server, config);
  services.retention.schedule(log);
  services.views.schedule();
  services.counts.schedule();
  stopNotifying = services.notifier.schedule();
  log.info(
    { database: config.databaseUrl ? 'postgres' : `embedded (${config.dataDir})` },
    `fantdu listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port} ` +
      `(public address ${config.publicUrl})`,
  );
  log.info({ notice: true }, await adminLogin(services, firstStart, config));
  // Each part the configuration names, tried as `fantdu check` tries it: one that fails is a warning, not a stop.
  logCheck(config, db, log).catch((err) => log.warn({ err }, 'the configuration check failed'));
}

await main();
