#!/usr/bin/env node
// Seed benchmark: 100,000 products, 50,000 customers and ~1,000,000 sale lines (30 days × 11,450 sales) on SQLite
// (.tmp/bench-seed.db) and on PostgreSQL (database cas_bench at DATABASE_HOST, default 127.0.0.1, user postgres),
// through the same command as `npm run seed`. Prints seconds per step and the seeding process's peak RSS, then
// deletes the bench databases (unless --keep).
//
//   node bench/seed.js [--sqlite-only | --postgres-only] [--keep] [--sales-per-day N] [--products N] [--days N]
//
// The bench databases are throwaway: secrets missing from the environment are replaced by random ones for the
// child process only (nothing is written to .env).
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const appDir = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};

const seedArgs = [
  '--products',
  option('--products', '100000'),
  '--customers',
  option('--customers', '50000'),
  '--days',
  option('--days', '30'),
  '--sales-per-day',
  option('--sales-per-day', '11450'),
  '--seed',
  'bench',
  '--end-date',
  '2026-11-26',
];
const databases = flag('--sqlite-only') ? ['sqlite'] : flag('--postgres-only') ? ['postgres'] : ['sqlite', 'postgres'];

const random = (bytes) => crypto.randomBytes(bytes).toString('base64');
const secrets = {
  APP_KEYS: `${random(16)},${random(16)}`,
  API_TOKEN_SALT: random(16),
  ADMIN_JWT_SECRET: random(16),
  TRANSFER_TOKEN_SALT: random(16),
  JWT_SECRET: random(16),
  ENCRYPTION_KEY: random(16),
  RCI_VAULT_KEY: random(32),
};
for (const [key, _value] of Object.entries(secrets)) if (process.env[key]) secrets[key] = process.env[key];

const pg = {
  host: process.env.DATABASE_HOST || '127.0.0.1',
  port: Number(process.env.DATABASE_PORT || 5432),
  user: process.env.DATABASE_USERNAME || 'postgres',
  password: process.env.DATABASE_PASSWORD || undefined,
};
const pgAdmin = async (sql) => {
  const client = new Client({ ...pg, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const sqliteFile = '.tmp/bench-seed.db';
const removeSqlite = () => {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    fs.rmSync(path.join(appDir, sqliteFile + suffix), { force: true });
};

const targets = {
  sqlite: {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: sqliteFile },
    prepare: async () => {
      fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
      removeSqlite();
    },
    cleanup: async () => removeSqlite(),
  },
  postgres: {
    env: {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: pg.host,
      DATABASE_PORT: String(pg.port),
      DATABASE_USERNAME: pg.user,
      DATABASE_NAME: 'cas_bench',
    },
    prepare: async () => {
      await pgAdmin('DROP DATABASE IF EXISTS cas_bench WITH (FORCE)');
      await pgAdmin('CREATE DATABASE cas_bench');
    },
    cleanup: async () => pgAdmin('DROP DATABASE IF EXISTS cas_bench WITH (FORCE)'),
  },
};

const runSeed = (env) =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['scripts/seed.js', '--no-compile', ...seedArgs], {
      cwd: appDir,
      env: { ...process.env, ...secrets, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = [];
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop();
      for (const line of parts) {
        if (!line.startsWith('seed:')) continue;
        console.log(`  ${line}`);
        lines.push(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`seed exited with ${code}`));
      else resolve({ lines, wall: (Date.now() - started) / 1000 });
    });
  });

(async () => {
  console.log(`bench: compiling the app`);
  const compiled = spawnSync(
    process.execPath,
    [
      '-e',
      `require('@strapi/strapi').compileStrapi({ appDir: ${JSON.stringify(appDir)} }).catch((e) => { console.error(e); process.exit(1); })`,
    ],
    { cwd: appDir, stdio: 'inherit' }
  );
  if (compiled.status !== 0) throw new Error('compile failed');
  const summary = [];
  for (const name of databases) {
    const target = targets[name];
    console.log(`bench: ${name}: npm run seed -- ${seedArgs.join(' ')}`);
    await target.prepare();
    try {
      const { lines, wall } = await runSeed(target.env);
      const done = lines.find((l) => l.startsWith('seed: done:')) ?? '';
      summary.push({ name, wall, done, steps: lines.filter((l) => /rows/.test(l)) });
    } finally {
      if (!flag('--keep')) await target.cleanup();
    }
  }
  console.log('\nbench: summary');
  for (const { name, wall, done, steps } of summary) {
    console.log(`${name}: ${done.replace('seed: done: ', '')}; wall clock with Strapi boot ${wall.toFixed(1)} s`);
    for (const step of steps) console.log(`  ${step.replace('seed: ', '')}`);
  }
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
