import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createDb, migrate } from '../../src/db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Postgres: migrate one template database per run; each test file clones it (CREATE DATABASE ... TEMPLATE). */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (project.config.env?.FANTDU_TEST_DB !== 'postgres' || !url) return;
  const template = `fantdu_template_${randomBytes(4).toString('hex')}`;
  const admin = createDb({ url });
  await admin.raw(`create database ${template}`);
  const db = createDb({ url: withDatabase(url, template) });
  await migrate(db);
  await db.destroy();
  project.provide('templateDatabase', template);
  return async () => {
    await admin.raw(`drop database if exists ${template} with (force)`);
    await admin.destroy();
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.href;
}
