/** Customers with a mix of marketing consent: ~45% opted in, ~15% unsubscribed, ~40% never opted in. */
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './catalog';
import { DAY_MS, isoAt, type SeedContext } from './context';
import { type Random, streamFor } from './random';
import type { CustomerRecord } from './types';

const SOURCES = ['in_store', 'online', 'import', 'mailchimp'] as const;

const phone = (rng: Random): string | null => {
  if (rng.chance(0.3)) return null;
  if (rng.chance(0.75)) return `+1 (${rng.int(201, 989)}) 555-${String(rng.int(100, 199)).padStart(4, '0')}`;
  return `+44 20 7946 ${String(rng.int(0, 999)).padStart(3, '0')}`;
};

export const customerRecord = (ctx: SeedContext, rng: Random, index: number): CustomerRecord => {
  const documentId = rng.documentId();
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const email = `${firstName}.${lastName}.${index + 1}@${rng.pick(EMAIL_DOMAINS)}`.toLowerCase();
  // Everyone exists before the first business day; consent events happen before it too.
  const createdMs = ctx.windowStartMs - rng.int(1, 730) * DAY_MS - rng.int(0, 86_399) * 1000;
  const optInMs = createdMs + rng.int(0, 600) * 60_000;
  const roll = rng.next();
  const base = { documentId, createdAt: isoAt(createdMs), firstName, lastName, email, phone: phone(rng) };
  if (roll < 0.45) {
    return {
      ...base,
      marketingOptIn: true,
      optInAt: isoAt(optInMs),
      optInSource: rng.pick(SOURCES),
      unsubscribed: false,
      unsubscribedAt: null,
    };
  }
  if (roll < 0.6) {
    const unsubscribedMs = Math.min(optInMs + rng.int(1, 400) * DAY_MS, ctx.windowStartMs - 1000);
    return {
      ...base,
      marketingOptIn: false,
      optInAt: isoAt(optInMs),
      optInSource: rng.pick(SOURCES),
      unsubscribed: true,
      unsubscribedAt: isoAt(unsubscribedMs),
    };
  }
  return {
    ...base,
    marketingOptIn: false,
    optInAt: null,
    optInSource: null,
    unsubscribed: false,
    unsubscribedAt: null,
  };
};

export function* customerBatches(ctx: SeedContext): Generator<CustomerRecord[]> {
  const stream = streamFor(ctx.seed, 'customers');
  for (let start = 0; start < ctx.customers; start += ctx.batchSize) {
    const batch: CustomerRecord[] = [];
    const end = Math.min(ctx.customers, start + ctx.batchSize);
    for (let index = start; index < end; index++) batch.push(customerRecord(ctx, stream(index), index));
    yield batch;
  }
}
