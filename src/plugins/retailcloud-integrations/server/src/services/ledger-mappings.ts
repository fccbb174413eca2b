import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { currencyVerdict } from '../accounting/currency';
import type { StoredLedgerMapping } from '../accounting/ledger-mapping';
import { validateMappingShape } from '../accounting/ledger-mapping';
import type { ChartAccount, LedgerSettings, TaxCode } from '../accounting/ops';
import { type AccountingProvider, accountingOps } from '../accounting/registry';
import { createDocument, query, type Row, uid } from '../engine/rows';
import { getService } from '../utils/get-service';
import { calendarDay, cleanString } from '../utils/input';
import { earliestYesterday } from '../utils/store-time-zones';

export const MAPPING_UID = uid('ledger-mapping');

const accountRef = cleanString(60).trim().min(1);
const label = cleanString(100).min(1);
export const mappingInput = z.strictObject({
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

export const settingsInput = z.strictObject({
  postingTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 02:00')
    .optional(),
  lockedPeriodPolicy: z.enum(['hold', 'post_on_first_open_date']).optional(),
  firstBusinessDay: calendarDay('2026-11-01').optional(),
});

export type MappingRecord = Row<'ledger-mapping'>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => query(strapi, 'ledger-mapping');
  const connections = () => getService(strapi, 'connections');

  const service = {
    async forConnection(connectionId: number): Promise<MappingRecord | null> {
      return rows().findOne({ where: { connectionId } });
    },

    /** The provider's live chart of accounts and tax codes, filtered to what fits each mapping. */
    async chart(provider: AccountingProvider) {
      const client = await connections().apiClient(provider);
      const ops = accountingOps(provider);
      const [accounts, taxCodes] = await Promise.all([ops.listAccounts(client), ops.listTaxCodes(client)]);
      const active = accounts.filter((a) => a.active);
      const of = (...groups: string[]) => active.filter((a) => groups.includes(a.group));
      return {
        accounts,
        taxCodes,
        suggestions: {
          salesAccount: of('revenue', 'income'),
          returnsAccount: of('revenue', 'income'),
          cogsAccount: of('expense'),
          inventoryAccount: of('asset'),
          salesTaxAccount: of('liability'),
          roundingAccount: of('expense', 'revenue', 'income'),
          // not an account whose lines must name a customer or vendor (ChartAccount.needsName): the posting names none
          paymentAccounts: active.filter((a) => (a.acceptsPayments || a.group === 'asset') && !a.needsName),
          taxRates: taxCodes.filter((t) => t.active && t.forRevenue),
        },
      };
    },

    /** Problems of a mapping: missing fields, and the live chart's view (archived, payments off, bad tax types). */
    check(
      provider: AccountingProvider,
      mapping: StoredLedgerMapping,
      accounts: ChartAccount[],
      taxCodes: TaxCode[]
    ): string[] {
      const ops = accountingOps(provider);
      const shape = validateMappingShape(mapping, [], ops.requirements);
      return [...shape.problems, ...ops.checkAgainstChart(mapping, accounts, taxCodes)];
    },

    /**
     * Every store whose currency the ledger cannot take (not its home currency, and no multicurrency for it), named
     * with the reason; their days are held by the posting, the other stores post.
     */
    async storeCurrencyProblems(provider: AccountingProvider, settings: LedgerSettings): Promise<string[]> {
      const stores = await query(strapi, 'api::store.store').findMany({
        select: ['code', 'currency'],
        orderBy: { code: 'asc' },
      });
      return stores.flatMap((store) => {
        const verdict = currencyVerdict(provider, store, settings.currencies);
        return verdict.post ? [] : [verdict.reason];
      });
    },

    /** Save the mapping of the provider's current connection; problems are returned (and stored), not thrown. */
    async save(provider: AccountingProvider, input: unknown, settings: unknown, by: string) {
      const mappingParsed = mappingInput.safeParse(input ?? {});
      if (!mappingParsed.success) {
        const issue = mappingParsed.error.issues[0];
        throw new errors.ValidationError(`mapping.${issue.path.join('.')}: ${issue.message}`);
      }
      const settingsParsed = settingsInput.safeParse(settings ?? {});
      if (!settingsParsed.success) {
        const issue = settingsParsed.error.issues[0];
        throw new errors.ValidationError(`${issue.path.join('.')}: ${issue.message}`);
      }
      const connection = await connections().current(provider);
      if (connection?.status !== 'connected')
        throw new errors.ApplicationError(`Connect ${provider} before choosing accounts`);
      const { accounts, taxCodes } = await service.chart(provider);
      const mapping = mappingParsed.data as StoredLedgerMapping;
      const ledger = await accountingOps(provider).ledgerSettings(await connections().apiClient(provider));
      const problems = [
        ...service.check(provider, mapping, accounts, taxCodes),
        ...(await service.storeCurrencyProblems(provider, ledger)),
      ];
      const data = {
        connectionId: connection.id,
        provider,
        mapping,
        ...settingsParsed.data,
        problems,
        validatedAt: new Date(),
        savedBy: by,
      };
      const existing = await service.forConnection(connection.id);
      if (existing) await rows().update({ where: { id: existing.id }, data });
      else {
        // posting starts with yesterday, as each store counts days: the earliest store's yesterday (not UTC's)
        const yesterday = await earliestYesterday(strapi);
        await createDocument(strapi, 'ledger-mapping', { firstBusinessDay: yesterday, ...data });
      }
      return { mapping: await service.forConnection(connection.id), problems };
    },
  };
  return service;
};
