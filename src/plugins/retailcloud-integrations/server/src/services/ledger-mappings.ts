import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { MappingReviewView, StoreUsage } from '../../../contracts/accounting';
import { currencyVerdict } from '../accounting/currency';
import type { StoredLedgerMapping } from '../accounting/ledger-mapping';
import { allProblems, problemsForUse, requirementsOf, reviewMapping } from '../accounting/mapping-review';
import type { ChartAccount, LedgerSettings, TaxCode } from '../accounting/ops';
import { type AccountingProvider, accountingOps } from '../accounting/registry';
import { getEngine } from '../engine/context';
import { createDocument, query, type Row, uid } from '../engine/rows';
import { getService } from '../utils/get-service';
import { earliestYesterday } from '../utils/store-time-zones';
import type { LedgerMappingInput, LedgerSettingsInput } from '../validation/accounting';

export const MAPPING_UID = uid('ledger-mapping');

/** How far back the sales are read for the tax rates and payment methods the mapping must cover. */
export const USAGE_DAYS = 400;

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
          // Xero's own system "Rounding" account is a liability
          roundingAccount: of('expense', 'revenue', 'income', 'liability'),
          // not an account whose lines must name a customer or vendor (ChartAccount.needsName): the posting names none
          // accounts that take payments (Xero: bank accounts and "Enable payments to this account"; QuickBooks: bank
          // and other current assets), never one whose lines must name a customer or vendor (ChartAccount.needsName)
          paymentAccounts: active.filter((a) => a.acceptsPayments && !a.needsName),
          taxRates: taxCodes.filter((t) => t.active && t.forRevenue),
        },
      };
    },

    /**
     * Problems of a mapping that stop every store: missing fields, and the live chart's view of the accounts every
     * document needs (archived, wrong kind). Tax codes and clearing accounts stop only the stores using them (review).
     */
    check(
      provider: AccountingProvider,
      mapping: StoredLedgerMapping,
      accounts: ChartAccount[],
      taxCodes: TaxCode[],
      postingMode?: string | null
    ): string[] {
      return reviewMapping(accountingOps(provider), mapping, accounts, taxCodes, postingMode).general;
    },

    /**
     * The tax rates and payment methods each store's sales used in the last USAGE_DAYS days: every store listed (or
     * those given: the stores routed to a ledger).
     */
    async usage(only?: string[]) {
      const since = new Date(getEngine(strapi).clock.now() - USAGE_DAYS * 86_400_000);
      const stores = await query(strapi, 'api::store.store').findMany({
        select: ['code', 'name', 'currency'],
        orderBy: { code: 'asc' },
        ...(only ? { where: { code: { $in: only } } } : {}),
      });
      const used = (await (
        strapi.service('api::report.sales-usage') as unknown as {
          usage(opts: { since: Date; stores?: string[] }): Promise<StoreUsage[]>;
        }
      ).usage({ since, stores: stores.map((s) => s.code) })) as StoreUsage[];
      const byCode = new Map(used.map((u) => [u.storeCode, u]));
      return {
        since: since.toISOString(),
        stores: stores.map((s) => ({
          code: s.code,
          name: s.name,
          currency: s.currency,
          taxRates: byCode.get(s.code)?.taxRates ?? [],
          paymentMethods: byCode.get(s.code)?.paymentMethods ?? [],
        })),
      };
    },

    /**
     * The whole check of a mapping against the live chart and the data: what stops every store, and per store what
     * stops it (rates and methods its sales used with no tax code or account, or a bad one; a currency the ledger
     * cannot take). `problems` is every sentence once, as the save answers it.
     */
    async review(
      provider: AccountingProvider,
      mapping: StoredLedgerMapping | null,
      connectionId?: number,
      postingMode?: string | null
    ): Promise<MappingReviewView> {
      // the ledger's own stores only (several ledgers: each store is routed to one)
      const connection = await getService(strapi, 'ledgerRoutes').resolveConnection(provider, connectionId);
      const routed = connection
        ? await getService(strapi, 'ledgerRoutes').storesOf(provider, connection.id)
        : undefined;
      const client = await connections().apiClient(provider, connection?.id);
      const ops = accountingOps(provider);
      const [accounts, taxCodes, ledger, usage] = await Promise.all([
        ops.listAccounts(client),
        ops.listTaxCodes(client),
        ops.ledgerSettings(client),
        service.usage(routed),
      ]);
      const m = mapping ?? {};
      const review = reviewMapping(ops, m, accounts, taxCodes, postingMode);
      const stores = usage.stores.map((store) => {
        const verdict = currencyVerdict(provider, store, ledger.currencies);
        const problems = [
          // the currency's reason names the store: a sentence of its own
          ...(verdict.post ? [] : [verdict.reason.charAt(0).toUpperCase() + verdict.reason.slice(1)]),
          ...problemsForUse(review, m, store, requirementsOf(ops, postingMode)),
        ];
        return { ...store, problems, ready: review.general.length === 0 && problems.length === 0 };
      });
      const storeLines = stores.flatMap((s) =>
        s.problems.map((p) => (p.startsWith(`Store ${s.code} `) ? p : `Store ${s.code}: ${p}`))
      );
      return {
        since: usage.since,
        general: review.general,
        stores,
        problems: [...new Set([...review.general, ...storeLines])],
        // problems of tax codes and accounts chosen that no store's sales use yet: shown, but they stop nobody
        unused: allProblems(review, m).filter(
          (p) => !review.general.includes(p) && !storeLines.some((l) => l.endsWith(p))
        ),
      };
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
      const mapping = input as StoredLedgerMapping;
      const postingMode = settings.postingMode ?? (await service.forConnection(connection.id))?.postingMode;
      const review = await service.review(provider, mapping, connection.id, postingMode);
      const problems = [...review.problems, ...review.unused];
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
      return { mapping: await service.forConnection(connection.id), problems, review };
    },
  };
  return service;
};
