/**
 * `npm run seed -- --products N --customers N --days N --sales-per-day N [--seed S] [--end-date YYYY-MM-DD] [--reset]`
 *
 * Run through scripts/seed.js, which compiles the app first; this boots Strapi with the app's DATABASE_* settings,
 * refuses a database that already holds retail data unless --reset, writes, prints counts and seconds per step.
 */

import type { Core } from '@strapi/strapi';
import { createStrapi } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { createSeedData } from './generator';
import { countRetailRows, resetRetailData } from './tables';
import type { SeedOptions } from './types';
import { type StepReport, writeSeedData } from './writer';

export interface CliOptions extends SeedOptions {
  reset: boolean;
}

const USAGE =
  'usage: npm run seed -- --products N --customers N --days N --sales-per-day N [--seed S] [--end-date YYYY-MM-DD] [--batch-size N] [--reset]';

const NUMERIC: Record<string, keyof SeedOptions> = {
  '--products': 'products',
  '--customers': 'customers',
  '--days': 'days',
  '--sales-per-day': 'salesPerDay',
  '--batch-size': 'batchSize',
};

/** Defaults: a modest data set ending yesterday (UTC) with seed "cas". */
export const parseArgs = (argv: string[], today: DateTime = DateTime.utc()): CliOptions => {
  const options: CliOptions = {
    seed: 'cas',
    products: 1000,
    customers: 1000,
    days: 30,
    salesPerDay: 200,
    endDate: today.minus({ days: 1 }).toISODate() as string,
    reset: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (flag === '--reset') options.reset = true;
    else if (flag === '--seed') options.seed = value();
    else if (flag === '--end-date') options.endDate = value();
    else if (flag in NUMERIC) {
      const raw = value();
      if (!/^\d+$/.test(raw)) throw new Error(`${flag} must be a whole number (got "${raw}")\n${USAGE}`);
      (options as unknown as Record<string, number>)[NUMERIC[flag]] = Number(raw);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  return options;
};

const print = (report: StepReport): void => {
  const extra = Object.entries(report.detail)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `seed: ${report.step.padEnd(13)} ${String(report.rows).padStart(9)} rows  ${report.seconds.toFixed(2).padStart(7)} s${extra ? `  (${extra})` : ''}`
  );
};

/** Seed an already loaded Strapi. Returns the process exit code. */
export const seedWithStrapi = async (strapi: Core.Strapi, options: CliOptions): Promise<number> => {
  const counts = await countRetailRows(strapi);
  const existing = Object.entries(counts).filter(([, n]) => n > 0);
  if (existing.length > 0 && !options.reset) {
    console.error(
      `seed: refusing to write: the database already holds retail data (${existing.map(([uid, n]) => `${uid} ${n}`).join(', ')}).\n` +
        'seed: run again with --reset to empty the retail tables first.'
    );
    return 1;
  }
  const started = Date.now();
  if (options.reset) {
    await resetRetailData(strapi);
    console.log(`seed: reset retail tables in ${((Date.now() - started) / 1000).toFixed(2)} s`);
  }
  const { reset: _reset, ...seedOptions } = options;
  const bootRss = Math.round(process.memoryUsage().rss / 1048576);
  console.log(`seed: ${JSON.stringify(seedOptions)} on ${strapi.db.dialect.client} (RSS after boot ${bootRss} MB)`);
  const reports = await writeSeedData(strapi, createSeedData(seedOptions), print);
  const sales = reports.find((r) => r.step === 'sales');
  const seconds = reports.reduce((s, r) => s + r.seconds, 0);
  console.log(
    `seed: done: ${sales?.rows ?? 0} sales, ${sales?.detail.lines ?? 0} sale lines in ${seconds.toFixed(1)} s; ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`
  );
  return 0;
};

/** Entry point used by scripts/seed.js after compileStrapi. */
export const main = async (argv: string[], appDir: string, distDir: string): Promise<number> => {
  let options: CliOptions;
  try {
    options = parseArgs(argv);
    createSeedData(options); // validates the options before the boot
  } catch (error) {
    console.error(`seed: ${(error as Error).message}`);
    return 1;
  }
  const strapi = createStrapi({ appDir, distDir });
  await strapi.load();
  try {
    return await seedWithStrapi(strapi, options);
  } finally {
    await strapi.destroy();
  }
};
