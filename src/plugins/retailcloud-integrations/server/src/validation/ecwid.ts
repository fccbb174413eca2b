import { z } from 'zod';
import { cleanString } from '../utils/input';

/** Ecwid routes (controllers/ecwid.ts): what each accepts. The order webhook's body is Ecwid's own (providers/ecwid/webhooks.ts). */

const sendChoice = z.strictObject({
  products: z.boolean().optional(),
  images: z.boolean().optional(),
  categories: z.boolean().optional(),
  coupons: z.boolean().optional(),
  customers: z.boolean().optional(),
});

/** PUT /ecwid/settings: the settings to change (the rest stay). */
export const ecwidSettingsInput = z.strictObject({
  storeCode: cleanString(20).trim().min(1).nullable().optional(),
  sharedCategoryIds: z.array(z.number().int().positive().max(2_147_483_647)).max(10_000).nullable().optional(),
  priceField: z.enum(['priceCents']).optional(),
  stockMode: z.enum(['tracked', 'unlimited']).optional(),
  customerScope: z.enum(['consenting', 'all']).optional(),
  send: sendChoice.optional(),
  syncIntervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});

/** POST /ecwid/setup */
export const setupInput = z.strictObject({ send: sendChoice.optional(), wait: z.boolean().optional() });

/** POST /ecwid/sync */
export const syncInput = z.strictObject({ wait: z.boolean().optional() });

export type EcwidSettingsInput = z.infer<typeof ecwidSettingsInput>;
