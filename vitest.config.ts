import { defineConfig } from 'vitest/config';

const integration = (name: string, env: Record<string, string>) => ({
  test: {
    name,
    include: ['test/integration/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    env,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

// Integration tests run on an embedded PGlite, and on a real Postgres server as well when TEST_DATABASE_URL is set.
const projects = [
  { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
  integration('integration-pglite', { FANTDU_TEST_DB: 'pglite' }),
  ...(process.env.TEST_DATABASE_URL ? [integration('integration-postgres', { FANTDU_TEST_DB: 'postgres' })] : []),
  {
    test: {
      name: 'browser',
      include: ['test/browser/**/*.test.ts'],
      env: { FANTDU_TEST_DB: 'pglite' },
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  },
];

export default defineConfig({ test: { projects } });
