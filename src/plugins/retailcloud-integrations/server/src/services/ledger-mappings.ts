import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currencyVerdict } from '../accounting/currency';
import type { StoredLedgerMapping } from '../accounting/ledger-mapping';
import { validateMappingShape } from '../accounting/ledger-mapping';
import type { ChartAccount, LedgerSettings, TaxCode } from '../accounting/ops';
import { type AccountingProvider, accountingOps } from '../accounting/registry';
import { createDocument, query, type Row, uid } from '../engine/rows';
import { getService } from '../utils/get-service';
import { earliestYesterday } from '../utils/store-time-zones';
import type { LedgerMappingInput, LedgerSettingsInput } from '../validation/accounting';

export const MAPPING_UID = uid('ledger-mapping');

export type MappingRecord = Row<'ledger-mapping'>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => query(strapi, 'ledger-mapping');
  const connections = () => getService(strapi, 'connections');

  const service = {
    async forConnection(connectionId: number): Promise<MappingRecord | null> {
      return rows().findOne({ where: { connectionId } });
    },

    /** The live chart of accounts and tax codes of a ledger (the provider's only one, or the one named). */
    async chart(provider: AccountingProvider, connectionId?: number) {
      const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, connectionId);
      const client = await connections().apiClient(provider, connection?.id);
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
      taxCodes: TaxCode[],
      postingMode?: string | null
    ): string[] {
      const ops = accountingOps(provider);
      const shape = validateMappingShape(mapping, [], ops.requirementsFor?.(postingMode) ?? ops.requirements);
      return [...shape.problems, ...ops.checkAgainstChart(mapping, accounts, taxCodes, postingMode)];
    },

    /**
     * Every store whose currency the ledger cannot take (not its home currency, and no multicurrency for it), named
     * with the reason; their days are held by the posting, the other stores post.
     */
    async storeCurrencyProblems(
      provider: AccountingProvider,
      settings: LedgerSettings,
      connectionId?: number
    ): Promise<string[]> {
      // with a ledger named: only the stores routed to it (a GBP store routed to the UK organisation is no problem of
      // the US one)
      const routed = connectionId ? await getService(strapi, 'ledgerRoutes').storesOf(provider, connectionId) : null;
      const stores = await query(strapi, 'api::store.store').findMany({
        select: ['code', 'currency'],
        orderBy: { code: 'asc' },
        ...(routed ? { where: { code: { $in: routed } } } : {}),
      });
      return stores.flatMap((store) => {
        const verdict = currencyVerdict(provider, store, settings.currencies);
        return verdict.post ? [] : [verdict.reason];
      });
    },

    /**
     * Save the mapping of one ledger (the provider's only one, or the one named: each has its own); problems are
     * returned (and stored), not thrown.
     */
    async save(
      provider: AccountingProvider,
      input: LedgerMappingInput,
      settings: LedgerSettingsInput,
      by: string,
      connectionId?: number
    ) {
      if (settings.postingMode === 'salesReceipt' && !accountingOps(provider).requirementsFor)
        throw new errors.ValidationError(
          `postingMode: ${accountingOps(provider).label} posts journal entries only; sales receipts are a QuickBooks mode`
        );
      const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, connectionId);
      if (connection?.status !== 'connected')
        throw new errors.ApplicationError(`Connect ${provider} before choosing accounts`);
      const { accounts, taxCodes } = await service.chart(provider, connection.id);
      const mapping = input as StoredLedgerMapping;
      const ledger = await accountingOps(provider).ledgerSettings(
        await connections().apiClient(provider, connection.id)
      );
      const postingMode = settings.postingMode ?? (await service.forConnection(connection.id))?.postingMode;
      const problems = [
        ...service.check(provider, mapping, accounts, taxCodes, postingMode),
        ...(await service.storeCurrencyProblems(provider, ledger, connection.id)),
      ];
      const data = {
        connectionId: connection.id,
        provider,
        mapping,
        ...settings,
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
