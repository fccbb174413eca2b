import { z } from 'zod';
import { quickbooks as adapter } from '../../providers/quickbooks';
import { quickbooksAccounting } from '../../providers/quickbooks/accounting';
import { dailyPostingJob, LEDGER_KEEPS_ON_DISCONNECT, storeDayRetry } from '../accounting';
import type { ProviderModule } from '../types';

/** QuickBooks Online: each store's business day as two balanced journal entries (sales, COGS). */
export const quickbooks: ProviderModule = {
  id: adapter.id,
  name: adapter.name,
  adapter,
  accounting: quickbooksAccounting,
  jobs: [dailyPostingJob(adapter.id)],
  retry: storeDayRetry,
  settings: {
    // Intuit's production API, or its developer sandbox companies (Development keys).
    schema: z.object({ environment: z.enum(['production', 'sandbox']).optional() }),
    fromEnv: (env) => (env.QUICKBOOKS_ENVIRONMENT ? { environment: env.QUICKBOOKS_ENVIRONMENT } : {}),
  },
  admin: { panels: ['accounting'], apiKey: false, keepsOnDisconnect: LEDGER_KEEPS_ON_DISCONNECT },
  sandbox: 'quickbooks',
};
