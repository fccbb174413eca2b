import { z } from 'zod';
import { RUN_STATUSES, RUN_TRIGGERS } from '../../../contracts/sync-runs';
import { providerIdParam } from '../modules/params';
import { cleanString, idParam } from '../utils/input';

/** Sync-run routes (controllers/sync-run.ts, controllers/records.ts): what each accepts. */

/** GET /sync-runs */
export const runListQuery = z.object({
  provider: providerIdParam().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  kind: cleanString(60).optional(),
  trigger: z.enum(RUN_TRIGGERS).optional(),
  /** one ledger's runs (a provider with several connections: Xero organisations, QuickBooks companies) */
  connection: idParam.pipe(z.number().max(2_147_483_647)).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

/** POST /sync-runs/:id/retry */
export const runIdParams = z.object({ id: idParam.pipe(z.number().max(2_147_483_647)) });
