import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { createStrapi } from '@strapi/strapi';
import { Client } from 'pg';

const appDir = path.resolve(__dirname, '..', '..');
const distDir = path.join(appDir, 'dist');

export const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

let counter = 0;

/** A fresh, empty database for one test file: a SQLite file, or a PostgreSQL database dropped and re-created. */
const prepareDatabase = async (): Promise<() => Promise<void>> => {
  const worker = process.env.JEST_WORKER_ID ?? '0';
  counter += 1;
  if (isPostgres()) {
    const name = `cas_test_w${worker}_${process.pid}_${counter}`;
    const admin = new Client({
      host: process.env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(process.env.DATABASE_PORT ?? 5432),
      user: process.env.DATABASE_USERNAME ?? 'postgres',
      database: 'postgres',
    });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    process.env.DATABASE_NAME = name;
    return async () => {
      const c = new Client({ host: admin.host, port: admin.port, user: admin.user, database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const rel = `.tmp/test-${worker}-${process.pid}-${counter}.db`;
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  fs.rmSync(path.join(appDir, rel), { force: true });
  process.env.DATABASE_CLIENT = 'sqlite';
  process.env.DATABASE_FILENAME = rel;
  return async () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(path.join(appDir, rel + suffix), { force: true });
  };
};

export interface TestApp {
  strapi: Core.Strapi;
  stop: () => Promise<void>;
  /**
   * Stop this Strapi and boot a new one on the same database (a restart of the server); the database is dropped when
   * the returned app stops. The old handle must not be used (nor stopped) afterwards.
   */
  restart: () => Promise<TestApp>;
}

const boot = async (dropDatabase: () => Promise<void>): Promise<TestApp> => {
  const strapi = createStrapi({ appDir, distDir });
  try {
    await strapi.load();
    await strapi.server.mount();
  } catch (error) {
    await strapi.destroy().catch(() => undefined);
    await dropDatabase();
    throw error;
  }
  return {
    strapi,
    stop: async () => {
      await strapi.destroy();
      await dropDatabase();
    },
    restart: async () => {
      await strapi.destroy();
      return boot(dropDatabase);
    },
  };
};

/** Boot one real Strapi (with the plugin) on a fresh database; call once per test file. */
export const bootStrapi = async (): Promise<TestApp> => boot(await prepareDatabase());

/**
 * Keeps every line the app logs through `strapi.log` (each level's arguments joined, an Error as its stack) in
 * `lines`, still writing it as before: tests look there for secrets or crashes. Returns `lines`.
 */
export const captureLogLines = (strapi: Core.Strapi, lines: string[] = []): string[] => {
  const log = strapi.log as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const level of ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']) {
    const original = log[level]?.bind(log);
    if (!original) continue;
    log[level] = (...args: unknown[]) => {
      lines.push(
        args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.stack}` : JSON.stringify(a))).join(' ')
      );
      return original(...args);
    };
  }
  return lines;
};
