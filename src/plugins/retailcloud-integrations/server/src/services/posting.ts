import type { Core } from '@strapi/strapi';
import { createDailyPosting } from '../usecases/daily-posting/posting';

/**
 * Daily posting of store-days to the connected ledger (Xero, QuickBooks Online), as the controllers, the accounting
 * jobs and a run's retry call it: usecases/daily-posting/posting.ts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => createDailyPosting(strapi);
