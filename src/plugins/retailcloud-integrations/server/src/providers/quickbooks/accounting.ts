import { ACCOUNT_FIELDS, mappingFieldSentence, type StoredLedgerMapping } from '../../accounting/ledger-mapping';
import type { AccountingOps, ChartAccount, LedgerDocument, LedgerSettings, TaxCode } from '../../accounting/ops';
import type { ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';
import { docNumberOf, entityOf, pathOf, qboTotalOf, quickbooksBatch } from './batch';
import { quickbooksAppOrigin, quickbooksDocumentPath, viewQuickbooksDocument } from './document-view';
import {
  mapAdjustmentToQuickbooks,
  mapDayToQuickbooks,
  QUICKBOOKS_MAPPING_REQUIREMENTS,
  type QuickbooksMapOptions,
} from './mappers';
import {
  checkReceiptMapping,
  mapDayToQuickbooksReceipts,
  QUICKBOOKS_RECEIPT_REQUIREMENTS,
  setupFromContext,
} from './sales-receipts';
import { prepareReceipts } from './sales-receipts-ops';

interface QboAccount {
  Id: string;
  Name: string;
  AcctNum?: string;
  AccountType: string;
  Classification?: string;
  Active?: boolean;
}
interface QboTaxCode {
  Id: string;
  Name: string;
  Active?: boolean;
}

/** Preferences as read (Finance.xsd: AccountingInfoPrefs.BookCloseDate, CurrencyPrefs). */
interface QboPreferences {
  AccountingInfoPrefs?: { BookCloseDate?: string };
  CurrencyPrefs?: { MultiCurrencyEnabled?: boolean; HomeCurrency?: { value?: string } };
}

/** Account types whose journal lines must name a customer or a vendor (QBO business rule 6000). */
const NAMED_ACCOUNT_TYPES: Record<string, 'customer' | 'vendor'> = {
  'Accounts Receivable': 'customer',
  'Accounts Payable': 'vendor',
};

const escapeQuery = (value: string) => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

/** QBO's query language, one statement per GET (MAXRESULTS caps at 1000). */
const query = async <T>(client: ApiClient, entity: string, statement: string): Promise<T[]> => {
  const res = await client.request<{ QueryResponse?: Record<string, T[] | number> }>({
    method: 'GET',
    url: '/query',
    params: { query: statement, minorversion: 75 },
  });
  const found = res.data.QueryResponse?.[entity];
  return Array.isArray(found) ? found : [];
};

export const quickbooksAccounting: AccountingOps = {
  requirements: QUICKBOOKS_MAPPING_REQUIREMENTS,
  requirementsFor: (mode) =>
    mode === 'salesReceipt' ? QUICKBOOKS_RECEIPT_REQUIREMENTS : QUICKBOOKS_MAPPING_REQUIREMENTS,

  async listAccounts(client: ApiClient): Promise<ChartAccount[]> {
    const accounts = await query<QboAccount>(client, 'Account', 'select * from Account MAXRESULTS 1000');
    return accounts.map((a) => ({
      value: a.Id,
      code: a.AcctNum ?? null,
      name: a.Name,
      type: a.AccountType,
      group: (a.Classification ?? '').toLowerCase(),
      active: a.Active !== false,
      status: a.Active === false ? 'INACTIVE' : 'ACTIVE',
      acceptsPayments: ['Bank', 'Other Current Asset'].includes(a.AccountType),
      ...(NAMED_ACCOUNT_TYPES[a.AccountType] ? { needsName: NAMED_ACCOUNT_TYPES[a.AccountType] } : {}),
    }));
  },

  async listTaxCodes(client: ApiClient): Promise<TaxCode[]> {
    const codes = await query<QboTaxCode>(client, 'TaxCode', 'select * from TaxCode MAXRESULTS 1000');
    return codes.map((c) => ({ value: c.Id, name: c.Name, rate: null, active: c.Active !== false, forRevenue: true }));
  },

  checkAgainstChart(mapping: StoredLedgerMapping, accounts: ChartAccount[], taxCodes, postingMode): string[] {
    const problems: string[] = postingMode === 'salesReceipt' ? checkReceiptMapping(mapping, accounts, taxCodes) : [];
    const byValue = new Map(accounts.map((a) => [a.value, a]));
    const check = (field: string, value: string | undefined) => {
      if (!value) return;
      const account = byValue.get(value);
      const what = mappingFieldSentence(field);
      if (!account) problems.push(`${what} no longer exists in QuickBooks (deleted?): choose another`);
      else if (!account.active)
        problems.push(`${what}, "${account.name}", is inactive in QuickBooks: choose another, or make it active again`);
      else if (account.needsName) {
        // QuickBooks refuses a journal line on A/R (A/P) that names no customer (vendor): error 6000. The daily
        // journal has no customer or vendor to name, so such an account cannot take any of its lines.
        const who = account.needsName;
        problems.push(
          `${what}, "${account.name}", is ${account.type}; QuickBooks takes a journal line there only with a ${who} named on it, and the daily journal has none. Choose another account (a clearing, bank, income, expense or liability account).`
        );
      }
    };
    for (const field of ACCOUNT_FIELDS) check(field, mapping[field]);
    for (const [method, value] of Object.entries(mapping.paymentAccounts ?? {}))
      check(`paymentAccounts.${method}`, value);
    return problems;
  },

  label: 'QuickBooks',

  view: (doc, currency, mapping) => viewQuickbooksDocument(doc, currency, mapping.salesTaxAccount),
  documentUrl: (kind, remoteId, where) => {
    const path = quickbooksDocumentPath(kind, remoteId);
    return path ? `${where.sandboxOrigin ?? quickbooksAppOrigin(where.apiBase)}${path}` : null;
  },

  async ledgerSettings(client: ApiClient): Promise<LedgerSettings> {
    const res = await client.request<{ Preferences?: QboPreferences }>({
      method: 'GET',
      url: '/preferences',
      params: { minorversion: 75 },
    });
    const prefs = res.data.Preferences ?? {};
    const home = prefs.CurrencyPrefs?.HomeCurrency?.value;
    if (!home) throw new Error('QuickBooks did not say the company’s home currency (Preferences.CurrencyPrefs)');
    return {
      lockDate: prefs.AccountingInfoPrefs?.BookCloseDate?.slice(0, 10) ?? null,
      currencies: { home, multiCurrency: prefs.CurrencyPrefs?.MultiCurrencyEnabled === true, enabled: null },
    };
  },

  lockedReason: (lockDate: string, day: string) =>
    `the QuickBooks books are closed through ${lockDate} (closing date), so ${day} was not sent; reopen the period in QuickBooks, or set the locked-period policy to post on the first open date`,

  async currencyContext(client: ApiClient, currency: string, date: string) {
    // QuickBooks records a foreign-currency transaction at the ExchangeRate it carries (home units per foreign unit);
    // the rate is the one QuickBooks itself holds for that day, so the books agree with its own currency reports.
    const res = await client.request<{ ExchangeRate?: { Rate?: number | string; TargetCurrencyCode?: string } }>({
      method: 'GET',
      url: '/exchangerate',
      params: { sourcecurrencycode: currency, asofdate: date, minorversion: 75 },
    });
    const rate = res.data.ExchangeRate?.Rate;
    if (rate === undefined || !(Number(rate) > 0))
      throw new Error(`QuickBooks has no exchange rate for ${currency} on ${date}`);
    return { exchangeRate: String(rate) };
  },

  async prepare(client, run) {
    // sales-receipt mode: the items and tax codes (docs/quickbooks-sales-receipts.md)
    return run?.postingMode === 'salesReceipt'
      ? { postingMode: 'salesReceipt', ...(await prepareReceipts(client, run.mapping)) }
      : {};
  },

  build({ posted, now, mapping, context, adjustment, postingDate }) {
    const options: QuickbooksMapOptions = {
      ...(postingDate ? { postingDate } : {}),
      ...(context.homeCurrency && now.currency !== context.homeCurrency
        ? { currency: { code: now.currency, exchangeRate: context.exchangeRate } }
        : {}),
    };
    if (context.postingMode === 'salesReceipt') {
      const receipts = mapDayToQuickbooksReceipts(posted, now, mapping, setupFromContext(context), adjustment, options);
      return { documents: receipts.documents, expectedTotals: receipts.expectedTotals };
    }
    const result = posted
      ? mapAdjustmentToQuickbooks(posted, now, mapping, adjustment, options)
      : mapDayToQuickbooks(now, mapping, options);
    return {
      documents: result.documents.map((d) => ({ kind: d.kind, reference: d.reference, payload: d.payload })),
      expectedTotals: result.expectedTotals,
    };
  },

  async findExisting(client: ApiClient, doc: LedgerDocument): Promise<string | null> {
    const entity = entityOf(doc);
    const found = await query<{ Id: string }>(
      client,
      entity,
      `select * from ${entity} where DocNumber = '${escapeQuery(docNumberOf(doc))}'`
    );
    return found[0]?.Id ?? null;
  },

  async send(client: ApiClient, doc: LedgerDocument, idempotencyKey: string): Promise<string> {
    // QBO's requestid is at most 50 characters and unique per company.
    const requestid = idempotencyKey.length <= 50 ? idempotencyKey : idempotencyKey.slice(-50);
    const res = await client.request<Record<string, { Id?: string }>>({
      method: 'POST',
      url: `/${pathOf(doc)}`,
      params: { requestid, minorversion: 75 },
      data: doc.payload,
      retrySafe: true,
    });
    const created = Object.values(res.data).find((v) => v && typeof v === 'object' && 'Id' in v);
    if (!created?.Id) throw new Error(`QuickBooks accepted the ${doc.kind} but returned no Id`);
    return String(created.Id);
  },

  async readTotal(client: ApiClient, doc: LedgerDocument, remoteId: string): Promise<number | null> {
    const entity = entityOf(doc);
    const res = await client.request<Record<string, Record<string, unknown> | undefined>>({
      method: 'GET',
      url: `/${pathOf(doc)}/${remoteId}`,
      params: { minorversion: 75 },
    });
    const found = res.data[entity];
    return found ? qboTotalOf(entity, found) : null;
  },

  isLockedPeriod: (error: ProviderError) => error.code === '5010' || /period closed/i.test(error.message),

  batch: quickbooksBatch,
};
