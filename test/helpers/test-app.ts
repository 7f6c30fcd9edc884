import { Writable } from 'node:stream';
import type pino from 'pino';
import { buildApp, type Fantdu } from '../../src/app.ts';
import { type Clock, systemClock } from '../../src/clock.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db.ts';
import { createLogger } from '../../src/log.ts';
import { createServices, createStores, type Stores } from '../../src/services.ts';

/** Everything the app logged, as text, so tests can check that no personal data reaches a log line. */
export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(chunk.toString());
    done();
  }
  get text(): string {
    return this.lines.join('');
  }
}

export interface TestApp extends Fantdu {
  config: Readonly<Config>;
  stores: Stores;
  log: LogCapture;
  close(): Promise<void>;
}

/** The key material of test apps: what signs their sessions, forms and the links in their mails. */
const testSecret = 'test-secret-that-is-long-enough-for-hmac';

export function testConfig(env: Record<string, string> = {}): Readonly<Config> {
  return loadConfig({ LOG_LEVEL: 'debug', FANTDU_SECRET: testSecret, ...env });
}

export function createTestApp(db: Db, options: { env?: Record<string, string>; clock?: Clock } = {}): TestApp {
  const config = testConfig(options.env);
  const capture = new LogCapture();
  const log = createLogger(config.logLevel, capture as unknown as pino.DestinationStream);
  const clock = options.clock ?? systemClock;
  // Built as the server builds it: the stores, then the services.
  const stores = createStores(db, config, clock, log);
  const services = createServices({ stores, config, clock, log });
  const fantdu = buildApp({ config, log, services, secret: config.secret ?? testSecret, clock });
  return { ...fantdu, config, stores, log: capture, close: () => services.close() };
}
