/**
 * GET /reports/daily-sales (the admin's daily sales report beside the ledger): one DailySummary per store-day, the
 * contract of @retailcloud/domain (packages/domain/src/daily-summary.ts) that the app computes and the posting sends.
 */
export type { DailySummary } from '@retailcloud/domain';
