import { businessDayCount, isCalendarDay } from '@retailcloud/domain';
import { z } from 'zod';
import { accountingProviderParam } from '../modules/params';
import { calendarDay, cleanString, idParam } from '../utils/input';

/** Accounting routes (controllers/accounting.ts): what each accepts. */

export const accountingProviderParams = z.object({ provider: accountingProviderParam() });

const day = calendarDay();
const store = cleanString(20);

/**
 * `?connection=<id>` on every accounting route: the ledger (Xero organisation, QuickBooks company) the request acts
 * on. Optional while the provider has one ledger in use; with several, a request without it is a 400 naming them.
 */
export const connectionQuery = z.object({ connection: idParam.optional() });

/** PUT /accounting/:provider/routes/:store */
export const routeParams = z.object({ provider: accountingProviderParam(), store: store.min(1) });
/** PUT /accounting/:provider/routes/:store body: the ledger the store posts to, or null for none */
export const routeBody = z.strictObject({
  connection: z.number().int().positive().max(2_147_483_647).nullable(),
});

/** The most business days one posting or reconciliation covers. */
export const MAX_RANGE_DAYS = 366;

/** A range of business days, optionally for one store (POST …/post body, GET …/reconcile query). */
export const dayRange = z.object({ from: day, to: day, store: store.optional() }).superRefine((range, ctx) => {
  // zod runs this even when a day was refused above: only two real days are compared
  if (!isCalendarDay(range.from) || !isCalendarDay(range.to)) return;
  if (range.from > range.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  else if (businessDayCount(range.from, range.to) > MAX_RANGE_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_RANGE_DAYS} days at once` });
});

/** GET …/preview */
export const previewQuery = z.object({ store: store.min(1), day });

/** GET …/days */
export const daysQuery = z.object({ from: day.optional(), to: day.optional(), store: store.optional() });

/** PUT …/mapping: the two parts, each parsed by its schema below. */
export const saveMappingBody = z.object({ mapping: z.unknown(), settings: z.unknown().optional() });

const accountRef = cleanString(60).trim().min(1);
const label = cleanString(100).min(1);
/** PUT /accounting/:provider/mapping: body.mapping (account references; checked against the live chart by the service). */
export const ledgerMappingInput = z.strictObject({
  salesAccount: accountRef.optional(),
  returnsAccount: accountRef.optional(),
  cogsAccount: accountRef.optional(),
  inventoryAccount: accountRef.optional(),
  salesTaxAccount: accountRef.optional(),
  roundingAccount: accountRef.optional(),
  paymentAccounts: z
    .strictObject({
      cash: accountRef.optional(),
      card: accountRef.optional(),
      other: accountRef.optional(),
      default: accountRef.optional(),
    })
    .optional(),
  taxRates: z
    .record(z.string().regex(/^(0|[1-9]\d*)(\.\d*[1-9])?$/, 'a CAS tax rate such as "8.25"'), accountRef)
    .optional(),
  noTaxCode: accountRef.optional(),
  tracking: z
    .record(
      cleanString(20),
      z.strictObject({
        xero: z
          .array(z.strictObject({ name: label, option: label }))
          .max(2)
          .optional(),
        quickbooks: z.strictObject({ classId: label.optional(), departmentId: label.optional() }).optional(),
      })
    )
    .optional(),
});

/** PUT /accounting/:provider/mapping: body.settings. */
export const ledgerSettingsInput = z.strictObject({
  postingTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 02:00')
    .optional(),
  lockedPeriodPolicy: z.enum(['hold', 'post_on_first_open_date']).optional(),
  firstBusinessDay: calendarDay('2026-11-01').optional(),
  /** QuickBooks: daily journal entries, or sales receipts and refund receipts (docs/quickbooks-sales-receipts.md) */
  postingMode: z.enum(['journal', 'salesReceipt']).optional(),
});

export type LedgerMappingInput = z.infer<typeof ledgerMappingInput>;
export type LedgerSettingsInput = z.infer<typeof ledgerSettingsInput>;
