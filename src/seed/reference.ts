/** The small, fully in-memory part of the seed: stores, registers, the category tree and discounts. */
import { type CategoryProfile, DEPARTMENTS, DISCOUNT_WORDS, STORES } from './catalog';
import { addDays, DAY_MS, isoAt, type SeedContext } from './context';
import { streamFor } from './random';
import type { CategoryRecord, DiscountRecord, RegisterRecord, StoreRecord } from './types';

export const buildStores = (ctx: SeedContext): StoreRecord[] => {
  const stream = streamFor(ctx.seed, 'stores');
  return STORES.map((profile, i) => ({
    documentId: stream(i).documentId(),
    createdAt: ctx.referenceCreatedAt,
    code: profile.code,
    name: profile.name,
    timeZone: profile.timeZone,
    currency: profile.currency,
  }));
};

/** Registers per store; their licence states come from the store profiles (valid, expired mid-window, none). */
export const buildRegisters = (ctx: SeedContext): RegisterRecord[] => {
  const stream = streamFor(ctx.seed, 'registers');
  const expiredOn = [addDays(ctx.firstDate, Math.floor(ctx.days / 2)), addDays(ctx.endDate, -1)].sort()[0];
  const registers: RegisterRecord[] = [];
  STORES.forEach((profile, storeIndex) => {
    profile.registers.forEach((register, j) => {
      const rng = stream(registers.length);
      const documentId = rng.documentId();
      const key = `CAS-${rng.code(4)}-${rng.code(4)}-${rng.code(4)}-${rng.code(4)}`;
      registers.push({
        documentId,
        createdAt: ctx.referenceCreatedAt,
        number: `${profile.code}-R${j + 1}`,
        storeIndex,
        licenceKey: register.licence === 'none' ? null : key,
        licenceValidUntil:
          register.licence === 'valid' ? addDays(ctx.endDate, 365) : register.licence === 'expired' ? expiredOn : null,
      });
    });
  });
  return registers;
};

export interface CategoryTree {
  records: CategoryRecord[];
  /** Leaf categories (the ones products belong to), by category index. */
  leaves: Array<{ index: number; profile: CategoryProfile }>;
}

/** Departments first, then their children grouped by department. */
export const buildCategories = (ctx: SeedContext): CategoryTree => {
  const stream = streamFor(ctx.seed, 'categories');
  const records: CategoryRecord[] = [];
  const leaves: CategoryTree['leaves'] = [];
  const record = (name: string, parentIndex: number | null): number => {
    records.push({
      documentId: stream(records.length).documentId(),
      createdAt: ctx.referenceCreatedAt,
      name,
      parentIndex,
    });
    return records.length - 1;
  };
  const departmentIndexes = DEPARTMENTS.map((department) => record(department.name, null));
  DEPARTMENTS.forEach((department, d) => {
    for (const child of department.children)
      leaves.push({ index: record(child.name, departmentIndexes[d]), profile: child });
  });
  return { records, leaves };
};

const PERCENTS = [5, 10, 12.5, 15, 20, 25, 30, 50] as const;
const AMOUNTS = [100, 200, 500, 1000, 1500, 2000] as const;

type DiscountState = 'ongoing' | 'open-ended' | 'mid-window' | 'expired' | 'inactive' | 'future';
/** Index i gets STATES[i % 10]: every state is present from 10 discounts up. */
const STATES: readonly DiscountState[] = [
  'ongoing',
  'open-ended',
  'mid-window',
  'ongoing',
  'expired',
  'open-ended',
  'inactive',
  'ongoing',
  'future',
  'mid-window',
];

/** Discount windows, aligned to UTC midnight. */
const windowFor = (ctx: SeedContext, state: DiscountState, roll: (min: number, max: number) => number) => {
  const start = ctx.windowStartMs;
  const end = ctx.windowEndMs;
  switch (state) {
    case 'open-ended':
      return { startsAt: null, endsAt: null };
    case 'mid-window': {
      const s = start + roll(0, Math.floor(ctx.days / 2)) * DAY_MS;
      return { startsAt: s, endsAt: s + roll(2, Math.max(2, ctx.days)) * DAY_MS };
    }
    case 'expired': {
      const e = start - roll(1, 60) * DAY_MS;
      return { startsAt: e - roll(7, 60) * DAY_MS, endsAt: e };
    }
    case 'future': {
      const s = end + roll(1, 30) * DAY_MS;
      return { startsAt: s, endsAt: s + 14 * DAY_MS };
    }
    default:
      return { startsAt: start - roll(10, 200) * DAY_MS, endsAt: end + roll(10, 100) * DAY_MS };
  }
};

export const buildDiscounts = (ctx: SeedContext): DiscountRecord[] => {
  const stream = streamFor(ctx.seed, 'discounts');
  const codes = new Set<string>();
  const discounts: DiscountRecord[] = [];
  for (let i = 0; i < ctx.discounts; i++) {
    const rng = stream(i);
    const documentId = rng.documentId();
    const state = STATES[i % STATES.length];
    const kind = rng.chance(0.6) ? 'percent' : 'fixed';
    const percentOff = kind === 'percent' ? rng.pick(PERCENTS) : null;
    const amountOffCents = kind === 'fixed' ? rng.pick(AMOUNTS) : null;
    const word = rng.pick(DISCOUNT_WORDS);
    const value = percentOff ?? (amountOffCents as number) / 100;
    let code = `${word}${String(value).replace('.', '_')}`;
    if (codes.has(code)) code = `${code}-${i + 1}`;
    codes.add(code);
    const { startsAt, endsAt } = windowFor(ctx, state, (min, max) => rng.int(min, max));
    const label = word.charAt(0) + word.slice(1).toLowerCase();
    discounts.push({
      documentId,
      createdAt: isoAt((startsAt ?? ctx.windowStartMs - 300 * DAY_MS) - 3 * DAY_MS),
      code,
      name: kind === 'percent' ? `${label} ${percentOff}% off` : `${label} ${value} off`,
      kind,
      percentOff,
      amountOffCents,
      active: state !== 'inactive',
      startsAt: startsAt === null ? null : isoAt(startsAt),
      endsAt: endsAt === null ? null : isoAt(endsAt),
      application: rng.chance(0.3) ? 'automatic' : 'coupon',
    });
  }
  return discounts;
};
