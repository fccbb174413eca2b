import { xero as adapter } from '../../providers/xero';
import { xeroAccounting } from '../../providers/xero/accounting';
import { dailyPostingJob, LEDGER_KEEPS_ON_DISCONNECT, storeDayRetry } from '../accounting';
import type { ProviderModule } from '../types';

/** Xero: each store's business day as an invoice, a credit note, payments and a COGS journal. */
export const xero: ProviderModule = {
  id: adapter.id,
  name: adapter.name,
  adapter,
  accounting: xeroAccounting,
  jobs: [dailyPostingJob(adapter.id)],
  retry: storeDayRetry,
  admin: { panels: ['accounting'], apiKey: false, keepsOnDisconnect: LEDGER_KEEPS_ON_DISCONNECT },
  sandbox: 'xero',
};
